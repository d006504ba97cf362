"""`purge_candidate EMAIL`: the candidate's personal data is gone from every table, from the
recordings bucket and from what we logged; the ATS still reads the interview's status and score;
another candidate keeps everything."""

import io
import logging

import pytest
from django.core.management import call_command

from assessments.models import Erasure, ErrorReport, Interview, TranscriptEntry
from callbacks.models import Delivery, DeliveryStatus
from tests.support.candidate_data import WILHELMINA, ZOLTAN, invite, scored_with_everything
from tests.support.stored_text import stored_values_containing


@pytest.fixture
def zoltan(ats, post_event, sink, s3, bucket) -> Interview:
    return scored_with_everything(ats=ats, post_event=post_event, sink=sink, s3=s3, bucket=bucket, person=ZOLTAN)


@pytest.fixture
def wilhelmina(ats, post_event, sink, s3, bucket) -> Interview:
    return scored_with_everything(ats=ats, post_event=post_event, sink=sink, s3=s3, bucket=bucket, person=WILHELMINA)


@pytest.fixture
def zoltan_at_globex(client_for, other_api_key) -> Interview:
    """The same person invited by another organization through Ashby, the address in other case."""
    from assessments.models import Assessment

    response = client_for(other_api_key).post(
        "/api/ashby/assessment.start",
        {
            "assessment_type_id": str(Assessment.objects.get(test_id="py-fastapi-review").uuid),
            "candidate": {
                "ashby_id": "cand-9",
                "first_name": ZOLTAN.first_name,
                "last_name": ZOLTAN.last_name,
                "email": ZOLTAN.email.lower(),
                "ashby_profile_url": f"https://app.ashbyhq.com/candidates/{ZOLTAN.last_name}",
            },
            "application": {"ashby_id": "app-9", "status": "Active"},
            "job": {"ashby_id": "job-9", "name": "Backend Engineer"},
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    return Interview.objects.get(public_id=response.json()["results"]["assessment_id"])


def keys_in(s3, bucket: str) -> set[str]:
    listing = s3.list_object_versions(Bucket=bucket)
    return {version["Key"] for kind in ("Versions", "DeleteMarkers") for version in listing.get(kind, [])}


def purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_candidate", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_no_stored_value_names_the_candidate_after_the_purge(zoltan, zoltan_at_globex, wilhelmina):
    assert stored_values_containing(*ZOLTAN.traces)  # the search finds them before

    purge(ZOLTAN.email.upper())

    assert stored_values_containing(*ZOLTAN.traces) == []


def test_the_purge_logs_nothing_that_names_the_candidate(zoltan, zoltan_at_globex, caplog):
    with caplog.at_level(logging.DEBUG):
        purge(ZOLTAN.email)

    assert caplog.records  # the erasure is logged, by its number
    logged = caplog.text.casefold()
    assert not [trace for trace in ZOLTAN.traces if trace.casefold() in logged]


def test_the_bucket_keeps_no_version_of_their_recording(zoltan, wilhelmina, s3, bucket):
    output = purge(ZOLTAN.email)

    assert keys_in(s3, bucket) == {wilhelmina.recording_s3_key}
    assert "Recordings deleted from S3: 1." in output
    assert Erasure.objects.get().finished_at is not None


def test_the_ats_still_reads_the_status_and_the_score(zoltan, ats):
    purge(ZOLTAN.email)

    answer = ats.get("/api/ats/test_status", {"partner_interview_id": zoltan.public_id}).json()
    assert answer["partner_status"] == "complete"
    assert answer["partner_score"] == 82
    assert {"Sent At", "Started At", "Completed At"} <= set(answer["metadata"])
    assert answer["metadata"]["Final Total"] == "82/100"
    assert "Recording" not in answer["metadata"]


def test_the_command_prints_what_it_erased_and_the_record_keeps_only_counts(zoltan, zoltan_at_globex):
    output = purge(ZOLTAN.email)

    erasure = Erasure.objects.get()
    assert erasure.by == "command line"
    assert erasure.organization is None
    assert erasure.counts == {
        "interviews": 2,
        "recordings": 1,
        "error reports": 2,
        "transcript entries": 1,
        "attempts": 1,
        "deliveries cancelled": 1,
        "interviews cancelled": 1,
    }
    for kind, count in erasure.counts.items():
        assert f"  {kind}: {count}" in output
    assert ZOLTAN.email.casefold() not in output.casefold()


def test_their_pending_result_is_cancelled_and_never_swept_again(zoltan):
    purge(ZOLTAN.email)

    delivery = zoltan.deliveries.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "cancelled: candidate erased"
    assert not Delivery.objects.due(delivery.created_at.replace(year=2100)).filter(pk=delivery.pk).exists()


def test_another_candidate_keeps_all_their_data(zoltan, wilhelmina, s3, bucket):
    before = Interview.objects.values().get(pk=wilhelmina.pk)
    delivery_before = Delivery.objects.values().get(interview=wilhelmina)

    purge(ZOLTAN.email)

    assert Interview.objects.values().get(pk=wilhelmina.pk) == before
    assert Delivery.objects.values().get(interview=wilhelmina) == delivery_before
    assert TranscriptEntry.objects.filter(interview=wilhelmina).count() == 1
    assert ErrorReport.objects.filter(payload__candidate_email=WILHELMINA.email.upper()).exists()
    assert wilhelmina.recording_s3_key in keys_in(s3, bucket)
    assert stored_values_containing(WILHELMINA.last_name)


def test_an_address_nobody_has_erases_nothing_and_says_so(db, ats, organization):
    other = invite(ats, WILHELMINA, callback_url="https://ats.example.com/hook")

    output = purge("nobody@example.org")

    assert "  interviews: 0" in output
    assert Interview.objects.get(pk=other.pk).candidate_email == WILHELMINA.email
