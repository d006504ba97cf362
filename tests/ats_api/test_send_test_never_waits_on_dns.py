"""send_test never waits on DNS (contract section 1): a host name is accepted without asking the
resolver, and is resolved and checked at each delivery instead (tests/callbacks)."""

import socket

import pytest

from assessments.models import Interview


@pytest.fixture
def resolver_that_must_not_be_asked(monkeypatch) -> list:
    """A resolver that records every question and answers none, as a DNS outage would."""
    asked = []

    def getaddrinfo(host, *args, **kwargs):
        asked.append(host)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


@pytest.mark.parametrize(
    "url",
    [
        "https://app.greenhouse.io/integrations/mariohr/callback/123",
        # The README's own example: .example names never resolve.
        "https://your-ats.example/webhooks/mariohr/abc",
        "https://nowhere.invalid/x",
    ],
)
def test_send_test_accepts_a_host_name_without_asking_the_resolver(
    ats, send_test_body, resolver_that_must_not_be_asked, url
):
    response = ats.post("/api/ats/send_test", send_test_body(url=url), format="json")

    assert response.status_code == 200, response.json()
    assert Interview.objects.get().callback_url == url
    assert resolver_that_must_not_be_asked == []


@pytest.mark.parametrize("url", ["https://10.0.0.1/x", "https://[fec0::1]/x", "https://localhost/x"])
def test_send_test_still_refuses_a_private_literal_or_loopback_name_at_once(
    ats, send_test_body, resolver_that_must_not_be_asked, url
):
    response = ats.post("/api/ats/send_test", send_test_body(url=url), format="json")

    assert response.status_code == 400
    assert any(message.startswith("url: host") for message in response.json()["errors"]), response.json()
    assert resolver_that_must_not_be_asked == []
