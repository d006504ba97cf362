"""send_test stores the callback url as it goes on the wire (IDNA host, percent-encoded path and
query), allows 2,048 characters of that form, and refuses a host that is not a valid name."""

import pytest

from assessments.models import Interview

HOST = "https://ats.example.com/"


def send(ats, send_test_body, url):
    return ats.post("/api/ats/send_test", send_test_body(url=url), format="json")


def assert_refused(response, says: str):
    assert response.status_code == 400
    assert any(m.startswith("url:") and says in m for m in response.json()["errors"]), response.json()
    assert Interview.objects.count() == 0


def test_an_international_host_and_path_are_stored_as_the_wire_sends_them(ats, send_test_body):
    response = send(ats, send_test_body, "https://Bücher.example/hooks/ä b?name=Zoë&x=%2F#frag")

    assert response.status_code == 200, response.json()
    expected = "https://xn--bcher-kva.example/hooks/%C3%A4%20b?name=Zo%C3%AB&x=%2F#frag"
    assert Interview.objects.get().callback_url == expected


def test_the_same_url_in_unicode_and_in_its_wire_form_is_one_interview(ats, send_test_body):
    first = send(ats, send_test_body, "https://bücher.example/hooks/ä")
    second = send(ats, send_test_body, "https://xn--bcher-kva.example/hooks/%C3%A4")

    assert first.json()["partner_interview_id"] == second.json()["partner_interview_id"]
    assert Interview.objects.count() == 1


def test_a_url_of_2048_characters_on_the_wire_is_accepted(ats, send_test_body):
    url = HOST + "a" * (2048 - len(HOST))

    response = send(ats, send_test_body, url)

    assert response.status_code == 200, response.json()
    assert Interview.objects.get().callback_url == url


@pytest.mark.parametrize(
    "url",
    [
        HOST + "a" * (2049 - len(HOST)),
        # 1,000 characters as sent, 2,000 more once each "é" is %C3%A9.
        HOST + "é" * 1000,
        HOST + " " * 1000 + "x",
    ],
    ids=["2049 ASCII", "non-ASCII path", "spaces"],
)
def test_a_url_longer_than_2048_characters_on_the_wire_is_refused(ats, send_test_body, url):
    assert_refused(send(ats, send_test_body, url), "longer than 2048 characters")


@pytest.mark.parametrize(
    "host",
    [
        "a..example.com",
        "-ats.example.com",
        "ats-.example.com",
        "a" * 64 + ".example.com",
        ".".join(["a" * 63] * 4) + ".com",  # 259 characters, over the 253 DNS allows
        "xn--zz.example.com",
        "ats!.example.com",
        "ats example.com",
        "☃.example.com",
        "[fe80::1%25eth0]",
    ],
    ids=lambda host: host if len(host) < 40 else f"{len(host)} characters",
)
def test_a_host_that_is_not_a_valid_name_is_refused(ats, send_test_body, host):
    assert_refused(send(ats, send_test_body, f"https://{host}/x"), "not a valid")
