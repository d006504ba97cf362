"""A callback URL makes our servers connect somewhere: send_test refuses any whose address
literal could reach our own network, in every spelling of the address. A host name is not
resolved here (tests/ats_api/test_send_test_never_waits_on_dns.py): what it resolves to is
checked at each delivery (tests/callbacks/test_address_check_at_send_time.py)."""

import pytest

from assessments.models import Interview

UNSAFE_URLS = [
    "http://ats.example.com/x",
    "https://user:pass@ats.example.com/x",
    "https://127.0.0.1/x",
    "https://localhost/x",
    "https://10.0.0.1/x",
    "https://172.16.0.1/x",
    "https://192.168.1.1/x",
    "https://169.254.169.254/x",
    "https://100.64.0.1/x",
    "https://0.0.0.0/x",
    "https://[::1]/x",
    "https://[::ffff:127.0.0.1]/x",
    "https://[fd00::1]/x",
    "https://[fe80::1]/x",
    "https://2130706433/x",
    "https://0x7f000001/x",
    "https://0177.0.0.1/x",
    "https://\uff11\uff12\uff17.\uff10.\uff10.\uff11/x",  # 127.0.0.1 in full-width digits
    # IANA special-purpose blocks beyond those Python's ipaddress knows.
    "https://192.0.0.200/x",
    "https://[fec0::1]/x",
    "https://[3fff::1]/x",
]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_send_test_refuses_an_unsafe_callback_url(ats, send_test_body, url):
    response = ats.post("/api/ats/send_test", send_test_body(url=url), format="json")

    assert response.status_code == 400
    assert any(message.startswith("url:") for message in response.json()["errors"]), response.json()
    assert Interview.objects.count() == 0


@pytest.mark.parametrize("url", ["https://10.0.0.1/x", "http://ats.example.com/x"])
def test_send_test_refuses_an_unsafe_callback_url_given_inside_candidate(ats, send_test_body, url):
    body = send_test_body()
    del body["url"]
    body["candidate"]["url"] = url

    response = ats.post("/api/ats/send_test", body, format="json")

    assert response.status_code == 400
    assert any(message.startswith("url:") for message in response.json()["errors"])
    assert Interview.objects.count() == 0


def test_send_test_accepts_a_public_https_callback_url(ats, send_test_body):
    response = ats.post("/api/ats/send_test", send_test_body(url="https://ats.example.com/x"), format="json")

    assert response.status_code == 200
    assert Interview.objects.get().callback_url == "https://ats.example.com/x"
