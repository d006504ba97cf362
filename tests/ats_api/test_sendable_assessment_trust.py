"""A process trusts which assessment an organization may send for SENDABLE_ASSESSMENT_TRUST_SECONDS,
and a change stays prompt: at once in the process that makes it, within the window everywhere else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Assessment, Interview, Organization
from assessments.services import sendable
from tests.support.partner_api import send_test_body


@pytest.fixture
def clock(settings, monkeypatch) -> list[float]:
    """The trust window's clock, moved by hand: clock[0] += seconds."""
    settings.SENDABLE_ASSESSMENT_TRUST_SECONDS = 2
    now = [1000.0]
    monkeypatch.setattr(sendable, "monotonic", lambda: now[0])
    sendable.forget_sendable_assessments()
    yield now
    sendable.forget_sendable_assessments()


def invite(client, n: int) -> int:
    body = send_test_body(url=f"https://ats.example.com/webhooks/{n}")
    return client.post("/api/ats/send_test", body, format="json").status_code


def test_a_second_invitation_within_the_window_does_not_read_the_catalog_again(ats, clock, django_assert_num_queries):
    assert invite(ats, 1) == 200

    # The key, then the insert inside its savepoint (the test's transaction is the caller's).
    with django_assert_num_queries(4):
        assert invite(ats, 2) == 200


def test_an_assessment_disabled_in_this_process_is_refused_by_the_next_invitation(ats, organization, clock):
    assert invite(ats, 1) == 200

    organization.assessments.remove(Assessment.objects.get(test_id="py-fastapi-review"))

    assert invite(ats, 2) == 404


def test_an_assessment_disabled_by_another_process_is_refused_once_the_window_has_passed(ats, organization, clock):
    assert invite(ats, 1) == 200

    # Another process's change reaches this one only through the database: no signal here.
    enabled = Organization.assessments.through.objects.filter(
        organization=organization, assessment__test_id="py-fastapi-review"
    )
    enabled._raw_delete(enabled.db)
    clock[0] += 1.5
    assert invite(ats, 2) == 200  # still inside the documented window
    clock[0] += 0.6

    assert invite(ats, 3) == 404


def test_a_new_validity_applies_to_the_next_invitation_in_this_process(ats, organization, clock):
    assert invite(ats, 1) == 200

    organization.invitation_valid_days = 3
    organization.save()
    assert invite(ats, 2) == 200

    first, second = Interview.objects.filter(organization=organization).order_by("pk")
    assert round((first.expires_at - timezone.now()) / timedelta(days=1)) == 7
    assert round((second.expires_at - timezone.now()) / timedelta(days=1)) == 3
