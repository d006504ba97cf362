"""After rotate_signing_secret, callbacks carry both signatures (new first) for 24 hours, each
verifying with its own secret; past 24 hours only the new secret signs."""

from dataclasses import replace
from datetime import timedelta

from django.utils import timezone

from assessments.models import Organization
from assessments.services.results import score_interview
from assessments.tasks import forget_expired_signing_secrets
from callbacks.services import attempt_delivery
from tests.support.builders import BREAKDOWN
from tests.support.commands import last_line, run_command
from tests.support.published_verification import verified


def test_within_a_day_of_a_rotation_both_secrets_verify_and_the_new_one_signs_first(started_interview, sink):
    old = Organization.objects.get(pk=started_interview.organization_id).signing_secret
    new = last_line(run_command("rotate_signing_secret", "acme"))

    attempt_delivery(delivery_id=score_interview(interview=started_interview, breakdown=BREAKDOWN).id)

    [request] = sink.wait_for(1)
    signatures = request.headers["webhook-signature"].split(" ")
    assert len(signatures) == 2
    assert verified(new, request) and verified(old, request)
    first_only = replace(request, headers={**request.headers, "webhook-signature": signatures[0]})
    assert verified(new, first_only) and not verified(old, first_only)


def test_a_day_after_the_rotation_only_the_new_secret_signs(started_interview, sink):
    old = Organization.objects.get(pk=started_interview.organization_id).signing_secret
    new = last_line(run_command("rotate_signing_secret", "acme"))
    Organization.objects.filter(slug="acme").update(signing_secret_rotated_at=timezone.now() - timedelta(hours=24))

    attempt_delivery(delivery_id=score_interview(interview=started_interview, breakdown=BREAKDOWN).id)

    [request] = sink.wait_for(1)
    assert " " not in request.headers["webhook-signature"]
    assert verified(new, request)
    assert not verified(old, request)


def test_the_beat_task_erases_a_previous_secret_once_its_day_is_over(organization):
    run_command("rotate_signing_secret", "acme")
    assert forget_expired_signing_secrets() == 0
    a_day_ago = timezone.now() - timedelta(hours=25)
    Organization.objects.filter(pk=organization.pk).update(signing_secret_rotated_at=a_day_ago)

    assert forget_expired_signing_secrets() == 1
    assert Organization.objects.get(pk=organization.pk).previous_signing_secret == ""
