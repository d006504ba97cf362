"""Contract section 8: the row, not the broker, remembers a sandbox interview's next step; a step
whose message was lost (a killed worker, a restarted broker) is queued again by beat's sweep."""

from datetime import timedelta

from assessments.models import Interview
from assessments.services.organizations import set_ats_credentials
from assessments.services.sandbox import REQUEUE_AFTER, SAMPLE_SCORE
from assessments.tasks import requeue_overdue_sandbox_steps
from tests.support.builders import ATS_KEY, make_sandbox_api_key
from tests.support.partner_api import partner_client, send_test, status_of
from tests.support.sandbox_steps import make_step_overdue


def test_a_step_whose_message_was_lost_is_taken_once_the_sweep_finds_it_overdue(
    organization, sink, settings, tasks_run_at_once, django_capture_on_commit_callbacks, fake_dns
):
    fake_dns["localhost"] = ["127.0.0.1"]  # the sink; exempted by CALLBACK_ALLOWED_PRIVATE_HOSTS
    settings.SANDBOX_STEP_SECONDS = 0
    set_ats_credentials(organization=organization, api_key=ATS_KEY)
    sandbox_ats = partner_client(make_sandbox_api_key(organization))
    # The step's message is lost: it is queued only on commit, and this transaction never commits.
    public_id = send_test(sandbox_ats, url=sink.url("/hooks/lost"))
    interview = Interview.objects.get(public_id=public_id)

    # Beat's sweep leaves a step alone while its message may still come ...
    with django_capture_on_commit_callbacks(execute=True):
        requeue_overdue_sandbox_steps.delay()
    assert status_of(sandbox_ats, public_id)["partner_status"] == "sent"

    # ... and queues it again once it is overdue; the interview then goes on to the end.
    make_step_overdue(interview, by=REQUEUE_AFTER + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        requeue_overdue_sandbox_steps.delay()

    status = status_of(sandbox_ats, public_id)
    assert status["partner_status"] == "complete"
    assert status["partner_score"] == SAMPLE_SCORE
    [request] = sink.wait_for(1)
    assert request.method == "PATCH"
