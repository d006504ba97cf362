"""A recruiter reads a delivery's state in words, on the delivery list and the interview list:
the candidate, the ATS host (not the whole URL), and "the ATS answered 503; next try 10:32",
"the ATS refused the connection; next try ...", "delivered 10:31" rather than an exception."""

import re
import socket

import pytest
from django.utils import timezone

from assessments.models import Interview
from assessments.services.results import score_interview
from assessments.services.staff import create_staff_user
from callbacks.in_words import moment
from callbacks.models import Delivery
from callbacks.services import attempt_delivery
from tests.support.builders import BREAKDOWN
from tests.support.https_sink import Reply


@pytest.fixture
def as_recruiter(client, organization):
    client.force_login(
        create_staff_user(email="ra@acme.com", role="recruiter", organizations=[organization], password=None)[0]
    )
    return client


def state_shown(html: str) -> str:
    """The words in the delivery's state cell, as a recruiter reads them."""
    return re.search(r'<td class="field-(?:state|delivery_state)"><span[^>]*>([^<]*)</span>', html).group(1)


def tried_once(interview: Interview) -> Delivery:
    delivery = score_interview(interview=interview, breakdown=BREAKDOWN)
    attempt_delivery(delivery_id=delivery.id)
    delivery.refresh_from_db()
    return delivery


def test_an_ats_outage_reads_as_its_answer_and_the_next_try(as_recruiter, started_interview, sink):
    sink.reply_with(Reply(status=503, body=b"<html>Service Unavailable</html>"))
    delivery = tried_once(started_interview)

    listing = as_recruiter.get("/admin/callbacks/delivery/").content.decode()
    interviews = as_recruiter.get("/admin/assessments/interview/").content.decode()

    words = f"the ATS answered 503; next try {moment(delivery.next_attempt_at)}"
    assert state_shown(listing) == words and state_shown(interviews) == words
    assert ">Alex Kim<" in listing
    assert ">localhost<" in listing and "/webhooks/mariohr/abc<" not in listing


def test_a_refused_connection_reads_as_such(as_recruiter, started_interview, sink):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    Interview.objects.filter(pk=started_interview.pk).update(callback_url=f"https://localhost:{port}/hook")
    started_interview.refresh_from_db()
    delivery = tried_once(started_interview)

    listing = as_recruiter.get("/admin/callbacks/delivery/").content.decode()

    assert state_shown(listing) == f"the ATS refused the connection; next try {moment(delivery.next_attempt_at)}"
    assert "Errno" not in state_shown(listing)


def test_a_delivered_result_reads_delivered_and_when(as_recruiter, started_interview, sink):
    delivery = tried_once(started_interview)

    listing = as_recruiter.get("/admin/callbacks/delivery/").content.decode()

    assert state_shown(listing) == f"delivered {moment(delivery.finished_at)}"
    assert (
        re.fullmatch(r"delivered \d\d:\d\d", state_shown(listing))
        or delivery.finished_at.date() != timezone.localdate()
    )


def test_a_refusal_for_good_reads_as_the_answer_and_that_we_gave_up(as_recruiter, started_interview, sink):
    sink.reply_with(Reply(status=410, body=b"gone"))
    tried_once(started_interview)

    page = as_recruiter.get("/admin/callbacks/delivery/").content.decode()

    assert state_shown(page) == "the ATS answered 410; gave up after 1 try"
