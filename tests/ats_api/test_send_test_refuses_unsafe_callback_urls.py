"""A callback URL makes our servers connect somewhere: send_test refuses any that could reach
our own network, in every spelling of the address."""

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
    "https://internal.example.com/x",
    "https://nowhere.invalid/x",
]


@pytest.fixture
def dns_with_an_internal_name(fake_dns):
    fake_dns["internal.example.com"] = ["10.1.2.3"]
    return fake_dns


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_send_test_refuses_an_unsafe_callback_url(ats, send_test_body, dns_with_an_internal_name, url):
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


def test_send_test_refuses_a_name_that_resolves_to_a_public_and_a_private_address(ats, send_test_body, fake_dns):
    fake_dns["split.example.com"] = ["93.184.215.14", "192.168.0.10"]

    response = ats.post("/api/ats/send_test", send_test_body(url="https://split.example.com/x"), format="json")

    assert response.status_code == 400
    assert any(message.startswith("url:") for message in response.json()["errors"])


def test_send_test_accepts_a_public_https_callback_url(ats, send_test_body):
    response = ats.post("/api/ats/send_test", send_test_body(url="https://ats.example.com/x"), format="json")

    assert response.status_code == 200
    assert Interview.objects.get().callback_url == "https://ats.example.com/x"
