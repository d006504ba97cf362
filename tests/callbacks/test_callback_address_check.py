"""The callback-address check (contract section 1): what send_test and every delivery run first."""

import pytest

from callbacks.addresses import CallbackURLRefused, CheckedCallbackURL, check_callback_url
from tests.support.addresses import PUBLIC_IP, PUBLIC_IPV6

# (url, host as the refusal names it, what the refusal says about it)
REFUSED_HOSTS = [
    ("https://127.0.0.1/hook", "127.0.0.1", "loopback"),
    ("https://localhost/hook", "localhost", "loopback"),
    ("https://foo.localhost/hook", "foo.localhost", "loopback"),
    ("https://10.0.0.1/hook", "10.0.0.1", "private"),
    ("https://172.16.0.1/hook", "172.16.0.1", "private"),
    ("https://192.168.1.1/hook", "192.168.1.1", "private"),
    ("https://169.254.169.254/latest/meta-data/", "169.254.169.254", "cloud metadata"),
    ("https://100.64.0.1/hook", "100.64.0.1", "shared"),
    ("https://0.0.0.0/hook", "0.0.0.0", "unspecified"),
    ("https://224.0.0.1/hook", "224.0.0.1", "multicast"),
    ("https://[::1]/hook", "::1", "loopback"),
    ("https://[::ffff:127.0.0.1]/hook", "::ffff:127.0.0.1", "loopback"),
    ("https://[::ffff:7f00:1]/hook", "::ffff:7f00:1", "loopback"),
    ("https://[fd00::1]/hook", "fd00::1", "private"),
    ("https://[fe80::1]/hook", "fe80::1", "link-local"),
    # 6to4 carries 127.0.0.1 in bits 16-47; the NAT64 well-known prefix carries 10.0.0.1 at the end.
    ("https://[2002:7f00:1::]/hook", "2002:7f00:1::", "loopback"),
    ("https://[64:ff9b::a00:1]/hook", "64:ff9b::a00:1", "private"),
    ("https://[64:ff9b:1::a00:1]/hook", "64:ff9b:1::a00:1", "local-use NAT64"),
    # Legacy IPv4 spellings the C resolver reads as 127.0.0.1.
    ("https://2130706433/hook", "2130706433", "loopback"),
    ("https://0x7f000001/hook", "0x7f000001", "loopback"),
    ("https://0177.0.0.1/hook", "0177.0.0.1", "loopback"),
    ("https://127.1/hook", "127.1", "loopback"),
]


@pytest.mark.parametrize(("url", "host", "reason"), REFUSED_HOSTS, ids=[case[1] for case in REFUSED_HOSTS])
def test_a_non_public_host_is_refused_with_a_message_naming_it(fake_dns, url, host, reason):
    with pytest.raises(CallbackURLRefused) as refusal:
        check_callback_url(url)

    message = str(refusal.value)
    assert message.startswith("url:")
    assert f"'{host}'" in message
    assert reason in message


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://ats.example.com/hook", "https"),
        ("https://user:password@ats.example.com/hook", "user name or password"),
        ("https://user@ats.example.com/hook", "user name or password"),
        ("https:///hook", "no host"),
        ("https://ats.example.com:0/hook", "port 0"),
    ],
)
def test_a_url_that_is_not_plain_https_to_a_host_is_refused(fake_dns, url, problem):
    with pytest.raises(CallbackURLRefused, match=rf"^url: .*{problem}"):
        check_callback_url(url)


def test_a_name_resolving_to_a_private_address_is_refused(fake_dns):
    fake_dns["intranet.example.com"] = ["10.1.2.3"]

    with pytest.raises(CallbackURLRefused, match=r"^url: host 'intranet\.example\.com' is a private address"):
        check_callback_url("https://intranet.example.com/hook")


@pytest.mark.parametrize("private", ["192.168.0.10", "::1"])
def test_a_name_resolving_to_a_public_and_a_private_address_is_refused(fake_dns, private):
    # Either address may be the one a connection uses, so one bad answer refuses the name.
    fake_dns["split.example.com"] = [PUBLIC_IP, private]

    with pytest.raises(CallbackURLRefused, match=rf"^url: host 'split.example.com' .*\({private}\)"):
        check_callback_url("https://split.example.com/hook")


def test_a_name_that_does_not_resolve_is_refused_for_now(fake_dns):
    with pytest.raises(CallbackURLRefused, match=r"^url: host 'nowhere.example.com' does not resolve") as refusal:
        check_callback_url("https://nowhere.example.com/hook")

    assert refusal.value.retryable


@pytest.mark.parametrize("url", ["https://10.0.0.1/hook", "https://intranet.example.com/hook", "http://a.example/"])
def test_a_forbidden_address_or_url_is_refused_for_good(fake_dns, url):
    fake_dns["intranet.example.com"] = ["10.1.2.3"]

    with pytest.raises(CallbackURLRefused) as refusal:
        check_callback_url(url)

    assert not refusal.value.retryable


def test_a_host_with_trailing_garbage_after_an_address_is_not_read_as_that_address(fake_dns):
    # inet_aton stops at whitespace, so "93.184.215.14 x" would otherwise pass as a public address.
    with pytest.raises(CallbackURLRefused, match="is not a valid host name"):
        check_callback_url(f"https://{PUBLIC_IP} x/hook")


def test_a_public_name_is_accepted_with_every_address_it_resolves_to_on_port_443(fake_dns):
    checked = check_callback_url("https://hooks.example.com/webhooks/mariohr?id=1")

    assert checked == CheckedCallbackURL(
        url="https://hooks.example.com/webhooks/mariohr?id=1",
        host="hooks.example.com",
        port=443,
        addresses=(PUBLIC_IP, PUBLIC_IPV6),
    )


def test_an_explicit_port_is_kept(fake_dns):
    checked = check_callback_url("https://ats.example.com:8443/hook")

    assert checked.port == 8443
    assert checked.addresses == (PUBLIC_IP,)


@pytest.mark.parametrize(
    ("url", "address"),
    [(f"https://{PUBLIC_IP}/hook", PUBLIC_IP), (f"https://[{PUBLIC_IPV6}]/hook", PUBLIC_IPV6)],
)
def test_a_public_address_literal_is_accepted_as_its_own_address(fake_dns, url, address):
    assert check_callback_url(url).addresses == (address,)


def test_host_names_are_compared_without_case_or_a_trailing_dot(fake_dns):
    checked = check_callback_url("https://ATS.Example.COM./hook")

    assert checked.host == "ats.example.com"
    assert checked.addresses == (PUBLIC_IP,)


def test_an_international_name_is_resolved_and_sent_in_its_idna_form(fake_dns):
    fake_dns["xn--bcher-kva.example"] = [PUBLIC_IP]

    checked = check_callback_url("https://Bücher.example/hooks/ä")

    assert checked.host == "xn--bcher-kva.example"
    assert checked.url == "https://xn--bcher-kva.example/hooks/%C3%A4"
    assert checked.addresses == (PUBLIC_IP,)


def test_a_host_listed_in_callback_allowed_private_hosts_may_be_private(fake_dns, settings):
    settings.CALLBACK_ALLOWED_PRIVATE_HOSTS = ["sink.internal", "127.0.0.1"]
    fake_dns["sink.internal"] = ["10.0.0.5"]

    assert check_callback_url("https://sink.internal:9443/hook").addresses == ("10.0.0.5",)
    assert check_callback_url("https://127.0.0.1/hook").addresses == ("127.0.0.1",)


def test_callback_allowed_private_hosts_exempts_nothing_but_the_listed_hosts(fake_dns, settings):
    settings.CALLBACK_ALLOWED_PRIVATE_HOSTS = ["sink.internal"]
    fake_dns["sink.internal"] = ["10.0.0.5"]
    fake_dns["other.internal"] = ["10.0.0.5"]
    fake_dns["api.sink.internal"] = ["10.0.0.5"]

    for url in ("https://other.internal/hook", "https://10.0.0.5/hook", "https://api.sink.internal/hook"):
        with pytest.raises(CallbackURLRefused, match=r"is a private address \(10.0.0.5\)"):
            check_callback_url(url)
    with pytest.raises(CallbackURLRefused, match="https"):
        check_callback_url("http://sink.internal/hook")
