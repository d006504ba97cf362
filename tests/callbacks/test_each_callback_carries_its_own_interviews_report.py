"""A worker reads each attempt's interview, fields and transcript with SQL compiled once per
process (assessments/compiled_reads.py): one after the other, two interviews of different
organizations and assessments each get their own report and key, as the ORM reads them."""

import base64
import json
from datetime import UTC, datetime

from assessments.models import Interview, TranscriptEntry
from assessments.services.organizations import enable_assessments, set_ats_credentials
from assessments.services.results import score_interview
from ats_api.greenhouse.results import callback_body
from callbacks.services import attempt_delivery
from tests.support.builders import BREAKDOWN, make_interview

OTHER_KEY = "globex-ats-key-19c2"


def test_each_callback_carries_its_own_interviews_report_and_key(started_interview, other_organization, sink, db):
    set_ats_credentials(organization=other_organization, api_key=OTHER_KEY)
    enable_assessments(organization=other_organization, test_ids=["react-debugging"])
    other = make_interview(
        other_organization,
        test_id="react-debugging",
        candidate_email="sam.lee@example.com",
        candidate_first_name="Sam",
        callback_url=sink.url("/webhooks/globex"),
        status="started",
    )
    for interview, text in ((started_interview, "Walk me through the bug."), (other, "Why this index?")):
        TranscriptEntry.objects.create(
            interview=interview, speaker="interviewer", text=text, at=datetime(2026, 5, 21, 10, 5, tzinfo=UTC)
        )
    deliveries = [score_interview(interview=i, breakdown=BREAKDOWN) for i in (started_interview, other)]

    for delivery in deliveries:
        attempt_delivery(delivery_id=delivery.id)

    received = {request.path: request for request in sink.wait_for(2)}
    for interview, path, key in (
        (started_interview, "/webhooks/mariohr/abc", "ats-secret-key-4f9a"),
        (other, "/webhooks/globex", OTHER_KEY),
    ):
        request = received[path]
        expected = callback_body(Interview.objects.select_related("organization", "assessment").get(pk=interview.pk))
        assert json.loads(request.body) == json.loads(json.dumps(expected))
        assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"{key}:".encode()).decode()
    other_report = json.loads(received["/webhooks/globex"].body)["report"]
    assert other_report["transcript"][0]["text"] == "Why this index?"
    assert (other_report["assessment"]["id"], other_report["assessment"]["fields"]) == ("react-debugging", [])
    assert json.loads(received["/webhooks/mariohr/abc"].body)["report"]["assessment"]["fields"][0]["name"] == (
        "repository"
    )
