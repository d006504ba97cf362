"""The periodic sweep expires invitations whose time is up; the ATS then sees "expired"."""

from datetime import timedelta

from django.utils import timezone

from assessments.models import Interview
from assessments.services.expiry import expire_overdue_interviews
from assessments.services.lifecycle import start_interview, submit_interview
from tests.support.partner_api import send_test_and_fetch_interview, status_of


def overdue(interview: Interview, by: timedelta = timedelta(seconds=1)) -> None:
    Interview.objects.filter(pk=interview.pk).update(expires_at=timezone.now() - by)


def test_an_invitation_expires_after_the_organizations_number_of_days(send_test, mailoutbox, organization):
    organization.invitation_valid_days = 3
    organization.save()

    interview = send_test()

    assert abs(interview.expires_at - (timezone.now() + timedelta(days=3))) < timedelta(minutes=1)
    assert f"{interview.expires_at:%-d %B %Y}" in mailoutbox[0].body


def test_an_overdue_invitation_becomes_expired_for_the_ats(ats, invited):
    overdue(invited)

    assert expire_overdue_interviews() == 1

    assert status_of(ats, invited)["partner_status"] == "expired"
    assert Interview.objects.get(pk=invited.pk).expired_at is not None


def test_an_assessment_started_but_not_submitted_in_time_does_not_expire(ats, invited):
    # Expiry is for invitations never started: the engine may still report this one finished
    # and scored, and its result must reach the ATS.
    start_interview(interview=invited)
    overdue(invited)

    assert expire_overdue_interviews() == 0

    assert status_of(ats, invited)["partner_status"] == "started"


def test_an_invitation_not_yet_due_stays_open(ats, invited):
    Interview.objects.filter(pk=invited.pk).update(expires_at=timezone.now() + timedelta(minutes=1))

    assert expire_overdue_interviews() == 0

    assert status_of(ats, invited)["partner_status"] == "sent"


def test_a_submitted_assessment_never_expires(ats, invited):
    start_interview(interview=invited)
    submit_interview(interview=invited)
    overdue(invited)

    assert expire_overdue_interviews() == 0

    assert status_of(ats, invited)["partner_status"] == "submitted"


def test_a_second_sweep_changes_nothing(ats, invited):
    overdue(invited)
    expire_overdue_interviews()
    expired_at = Interview.objects.get(pk=invited.pk).expired_at

    assert expire_overdue_interviews() == 0

    assert Interview.objects.get(pk=invited.pk).expired_at == expired_at


def test_the_expired_candidate_page_says_so(client, invited):
    overdue(invited)
    expire_overdue_interviews()

    page = client.get(f"/i/{invited.invitation_token}/")

    assert "This invitation has expired" in page.content.decode()


def test_an_email_still_queued_when_the_invitation_expires_is_not_sent(
    ats, django_capture_on_commit_callbacks, tasks_run_at_once, mailoutbox
):
    with django_capture_on_commit_callbacks() as queued:
        interview = send_test_and_fetch_interview(ats)
    overdue(interview)

    for queue in queued:  # a worker with a backlog reaches it only now
        queue()

    assert mailoutbox == []
