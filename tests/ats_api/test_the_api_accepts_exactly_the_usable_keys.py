"""A usable key is defined once, by ApiKey.objects.get_usable_keys (not revoked) and has_expired;
both partner routes, the polled one included, accept exactly those keys."""

from datetime import timedelta
from itertools import product

import pytest
from django.utils import timezone

from assessments.models import ApiKey
from assessments.services.organizations import issue_api_key

EXPIRY = {"none": None, "yesterday": timedelta(days=-1), "tomorrow": timedelta(days=1)}


@pytest.mark.parametrize(("revoked", "expiry"), list(product([False, True], EXPIRY)))
def test_a_key_is_accepted_exactly_when_the_model_calls_it_usable(
    client_for, organization, ats, send_test_body, revoked, expiry
):
    interview_id = ats.post("/api/ats/send_test", send_test_body(), format="json").json()["partner_interview_id"]
    api_key, key = issue_api_key(organization=organization, label="under test")
    expiry_date = None if EXPIRY[expiry] is None else timezone.now() + EXPIRY[expiry]
    ApiKey.objects.filter(pk=api_key.pk).update(revoked=revoked, expiry_date=expiry_date)
    api_key.refresh_from_db()
    usable = ApiKey.objects.get_usable_keys().filter(pk=api_key.pk).exists() and not api_key.has_expired
    client = client_for(key)

    answers = {
        client.get("/api/ats/list_tests").status_code,
        client.get("/api/ats/test_status", {"partner_interview_id": interview_id}).status_code,
    }

    assert answers == ({200} if usable else {401})
    assert usable == (not revoked and expiry != "yesterday")
