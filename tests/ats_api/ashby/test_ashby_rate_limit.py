"""API_RATE_LIMIT counts a key's Ashby requests too: 429 with Retry-After, in Ashby's envelope."""

from assessments.models import Interview


def test_a_key_over_its_rate_is_refused_on_ashbys_routes(settings, ats, start_body, client_for, other_api_key):
    settings.API_RATE_LIMIT = "2/day"
    assert ats.post("/api/ashby/assessment.list", {}, format="json").status_code == 200
    assert ats.get("/api/ats/list_tests").status_code == 200  # one count for the key, whichever ATS

    refused = ats.post("/api/ashby/assessment.start", start_body(), format="json")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 24 * 3600
    body = refused.json()
    assert body["success"] is False
    assert body["errorInfo"]["code"] == "rate_limited"
    assert body["errorInfo"]["message"].startswith("Authorization: too many requests for this API key")
    assert not Interview.objects.exists()
    # Another organization's key has its own count.
    assert client_for(other_api_key).post("/api/ashby/assessment.list", {}, format="json").status_code == 200
