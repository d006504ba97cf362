"""S3 away during an erasure: the database part is done, the record says which recordings are
left, and the retry (the worker's task, or the command run again) deletes them once S3 answers."""

import io
import socket

import pytest
from celery.exceptions import Retry
from django.core.management import CommandError, call_command

from assessments.models import Erasure, Interview
from assessments.tasks import finish_erasures
from tests.support.candidate_data import ZOLTAN, scored_with_everything


@pytest.fixture
def zoltan(ats, post_event, sink, s3, bucket) -> Interview:
    return scored_with_everything(ats=ats, post_event=post_event, sink=sink, s3=s3, bucket=bucket, person=ZOLTAN)


@pytest.fixture
def s3_away(settings, local_s3):
    """Point the service at a port where nothing listens; give S3 back afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.AWS_S3_ENDPOINT_URL = f"http://127.0.0.1:{closed_port}"

    def back() -> None:
        settings.AWS_S3_ENDPOINT_URL = local_s3.endpoint_url

    return back


def versions_of(s3, bucket: str, key: str) -> list[dict]:
    return s3.list_object_versions(Bucket=bucket, Prefix=key).get("Versions", [])


def purge(email: str) -> str:
    out = io.StringIO()
    call_command("purge_candidate", email, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_database_is_erased_and_the_record_keeps_the_recording_to_delete(zoltan, s3, bucket, s3_away):
    key = zoltan.recording_s3_key

    with pytest.raises(CommandError, match="Recordings still to delete: 1") as raised:
        purge(ZOLTAN.email)

    assert raised.value.returncode == 3
    erased = Interview.objects.get(pk=zoltan.pk)
    assert (erased.candidate_email, erased.recording_s3_key) == ("", "")
    erasure = Erasure.objects.get()
    assert erasure.recordings_to_delete == [key]
    assert erasure.finished_at is None
    assert len(versions_of(s3, bucket, key)) == 2  # still there: S3 was away


def test_the_workers_retry_deletes_it_once_s3_answers(zoltan, s3, bucket, s3_away):
    key = zoltan.recording_s3_key
    with pytest.raises(CommandError):
        purge(ZOLTAN.email)

    s3_away()
    finish_erasures.apply()

    assert versions_of(s3, bucket, key) == []
    erasure = Erasure.objects.get()
    assert (erasure.recordings_to_delete, erasure.finished_at is not None) == ([], True)


def test_running_the_command_again_finishes_the_job(zoltan, ats, post_event, sink, s3, bucket, s3_away):
    key = zoltan.recording_s3_key
    with pytest.raises(CommandError):
        purge(ZOLTAN.email)

    s3_away()
    output = purge(ZOLTAN.email)

    assert "Recordings deleted from S3: 1." in output
    assert versions_of(s3, bucket, key) == []
    assert not Erasure.objects.filter(finished_at__isnull=True).exists()


def test_while_s3_is_away_the_worker_asks_to_be_retried(zoltan, s3_away):
    with pytest.raises(CommandError):
        purge(ZOLTAN.email)

    with pytest.raises(Retry):
        finish_erasures()  # as a worker runs it: it is queued again, to run later

    assert Erasure.objects.get().recordings_to_delete
