"""A web process hands the invitations it owes to the worker in batches, one broker message for
those queued within EMAIL_BATCH_SECONDS: every candidate still gets theirs, once."""

import pytest

from assessments.models import Interview
from assessments.services import email_batches
from assessments.tasks import send_candidate_emails
from tests.support.waiting import wait_until

CANDIDATES = [f"candidate{n}@example.com" for n in range(5)]


@pytest.fixture
def published(monkeypatch) -> list[list]:
    """The batches handed to the broker, each a list of emails, as they are published."""
    batches = []
    publish = send_candidate_emails.apply_async

    def record(args, *more, **options):
        batches.append(list(args[0]))
        return publish(args, *more, **options)

    monkeypatch.setattr(send_candidate_emails, "apply_async", record)
    return batches


def invite_everyone(send_test) -> list[Interview]:
    return [
        send_test(candidate={"email": email}, url=f"https://ats.example.com/hooks/{n}")
        for n, email in enumerate(CANDIDATES)
    ]


def test_invitations_queued_within_the_window_reach_the_worker_in_one_message(
    send_test, settings, mailoutbox, published
):
    settings.EMAIL_BATCH_SECONDS = 60  # longer than the test: only the explicit publish hands them over

    interviews = invite_everyone(send_test)

    assert mailoutbox == []  # owed, gathered, not handed over yet
    assert all(Interview.objects.get(pk=i.pk).invitation_queued_at is not None for i in interviews)
    assert email_batches.publish_pending() == len(CANDIDATES)
    assert len(published) == 1
    assert sorted(message.to[0] for message in mailoutbox) == CANDIDATES
    assert email_batches.publish_pending() == 0  # nothing handed over twice


def test_a_full_batch_goes_at_once(send_test, settings, mailoutbox, published, monkeypatch):
    settings.EMAIL_BATCH_SECONDS = 60
    monkeypatch.setattr(email_batches, "MAX_EMAILS_PER_MESSAGE", 2)

    invite_everyone(send_test)

    assert [len(batch) for batch in published] == [2, 2]
    assert len(mailoutbox) == 4
    assert email_batches.publish_pending() == 1  # the fifth was waiting for its batch to fill or its time


@pytest.mark.django_db(transaction=True)
def test_the_timer_hands_the_batch_over_by_itself(send_test, settings, mailoutbox, published):
    settings.EMAIL_BATCH_SECONDS = 0.2

    invite_everyone(send_test)

    wait_until(lambda: len(mailoutbox) == len(CANDIDATES), timeout=10, what="every invitation sent")
    assert sum(len(batch) for batch in published) == len(CANDIDATES)
    assert len(published) < len(CANDIDATES)  # batched, not a message each
    assert all(interview.invitation_sent_at for interview in Interview.objects.all())


def test_an_email_that_fails_unexpectedly_is_left_owed_and_the_rest_of_its_batch_goes(
    send_test, settings, mailoutbox, monkeypatch
):
    settings.EMAIL_BATCH_SECONDS = 60
    interviews = invite_everyone(send_test)
    from assessments.services import emails

    render = emails.render_candidate_email

    def render_failing_for_the_second(*, interview, kind):
        if interview.pk == interviews[1].pk:
            raise RuntimeError("a bug in one email")
        return render(interview=interview, kind=kind)

    monkeypatch.setattr(emails, "render_candidate_email", render_failing_for_the_second)

    email_batches.publish_pending()

    assert sorted(message.to[0] for message in mailoutbox) == [CANDIDATES[0], *CANDIDATES[2:]]
    # The claim moved its stamp on; it is still owed, so the sweep queues it again after REQUEUE_AFTER.
    assert Interview.objects.get(pk=interviews[1].pk).invitation_queued_at is not None
    assert Interview.objects.get(pk=interviews[1].pk).invitation_sent_at is None
