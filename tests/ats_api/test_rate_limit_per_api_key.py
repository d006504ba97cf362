"""API_RATE_LIMIT: a key over its rate gets 429 with Retry-After on every route; other keys do not."""

from assessments.models import Interview

LIST_TESTS = "/api/ats/list_tests"


def test_a_key_over_its_rate_is_refused_with_429_and_retry_after(settings, ats, client_for, other_api_key):
    # A day's window: the count cannot start again halfway through the test.
    settings.API_RATE_LIMIT = "3/day"
    for _ in range(3):
        assert ats.get(LIST_TESTS).status_code == 200

    refused = ats.get("/api/ats/test_status?partner_interview_id=x")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 24 * 3600
    [message] = refused.json()["errors"]
    assert message.startswith("Authorization: too many requests for this API key (API_RATE_LIMIT 3/day)."), message
    # Another organization's key has its own count.
    assert client_for(other_api_key).get(LIST_TESTS).status_code == 200


def test_a_refused_send_test_invites_nobody(settings, ats, send_test_body):
    settings.API_RATE_LIMIT = "1/day"
    assert ats.get(LIST_TESTS).status_code == 200

    refused = ats.post("/api/ats/send_test", send_test_body(), format="json")

    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert not Interview.objects.exists()


def test_requests_without_a_valid_key_are_still_401(settings, ats, client_for):
    settings.API_RATE_LIMIT = "1/day"
    assert ats.get(LIST_TESTS).status_code == 200

    assert client_for("not-a-key").get(LIST_TESTS).status_code == 401
