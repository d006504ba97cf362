"""From the ATS's send_test to the result in the ATS, through every real part we own."""

import email
import json
import re
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from assessments.models import Interview
from tests.support.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

RECORDING = b"\x1a\x45\xdf\xa3 a tiny webm"


# Django's file backend creates the file when it opens its connection and ends each message with
# this line: a file without it is still being written, and reads as a message with no headers.
END_OF_MESSAGE = b"-" * 79 + b"\n"


def read_emails(folder: Path) -> list[email.message.Message]:
    written = [path.read_bytes() for path in sorted(folder.glob("*.log"))]
    return [email.message_from_bytes(data) for data in written if data.endswith(END_OF_MESSAGE)]


def text_part(message: email.message.Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no plain-text part")


def test_send_take_score_and_deliver(
    ats,
    send_test_body,
    fake_dns,
    settings,
    sink,
    tls_ca,
    start_celery,
    worker_env,
    local_s3,
    recordings_bucket,
    tmp_path,
):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **worker_env,
        **local_s3.settings_env(recordings_bucket),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "PUBLIC_BASE_URL": "http://testserver",
    }
    settings.PUBLIC_BASE_URL = "http://testserver"
    # As in production: the web process hands the invitation over in a batch, from its timer.
    settings.EMAIL_BATCH_SECONDS = 0.05
    fake_dns["localhost"] = ["127.0.0.1"]  # the sink; exempted by CALLBACK_ALLOWED_PRIVATE_HOSTS
    start_celery("worker", env)

    # 1. The ATS sends the test, with the sink as its callback url.
    sent = ats.post(
        "/api/ats/send_test",
        send_test_body(
            url=sink.url("/webhooks/mariohr/e2e"),
            candidate={
                "email": "alex.kim@example.com",
                "first_name": "Alexandra",
                "preferred_name": "Alex",
                "last_name": "Kim",
            },
        ),
        format="json",
    )
    assert sent.status_code == 200
    public_id = sent.json()["partner_interview_id"]
    status = ats.get("/api/ats/test_status", {"partner_interview_id": public_id}).json()
    assert status["partner_status"] == "sent"

    # 2. The worker emails the invitation; its link opens the candidate page.
    wait_until(lambda: read_emails(mail_dir), what="the invitation email")
    [invitation] = read_emails(mail_dir)
    assert invitation["To"] == "alex.kim@example.com"
    body = text_part(invitation)
    assert "Alex" in body
    link = re.search(r"http://testserver(/i/[\w-]+/)", body).group(1)
    assert public_id not in link
    assert "hunter2-secret" not in invitation.as_string()

    candidate = Client()
    page = candidate.get(link)
    assert page.status_code == 200 and "Python FastAPI Code Review" in page.content.decode()
    candidate.post(f"{link}start")
    assert "hunter2-secret" in candidate.get(link).content.decode()
    assert ats.get("/api/ats/test_status", {"partner_interview_id": public_id}).json()["partner_status"] == "started"

    # 3. The assessment engine reports transcript and recording; the candidate submits.
    engine = Client(HTTP_AUTHORIZATION=f"Bearer {settings.RUNTIME_API_TOKEN}")
    events_url = f"/api/runtime/interviews/{public_id}/events"
    local_s3.client().put_object(Bucket=recordings_bucket, Key=f"rec/{public_id}.webm", Body=RECORDING)
    for event in (
        {
            "id": "t1",
            "type": "transcript",
            "entries": [
                {"speaker": "interviewer", "text": "Walk me through the bug.", "at": "2026-05-21T10:05:00Z"},
                {"speaker": "candidate", "text": "The cache key ignores the tenant.", "at": "2026-05-21T10:06:00Z"},
            ],
        },
        {"id": "r1", "type": "recording", "s3_key": f"rec/{public_id}.webm"},
    ):
        assert engine.post(events_url, event, content_type="application/json").status_code == 202
    candidate.post(f"{link}submit")
    assert ats.get("/api/ats/test_status", {"partner_interview_id": public_id}).json()["partner_status"] == "submitted"

    # 4. Scores arrive: the result is saved and PATCHed to the ATS.
    scored = engine.post(
        events_url,
        {
            "id": "s1",
            "type": "scored",
            "breakdown": [
                {"name": "Correctness", "score": 45, "max": 60, "comment": "Found the tenant bug."},
                {"name": "Communication", "score": 37, "max": 40, "comment": "Clear."},
            ],
        },
        content_type="application/json",
    )
    assert scored.status_code == 202
    [patch] = sink.wait_for(1, timeout=40)
    callback = json.loads(patch.body)
    assert patch.method == "PATCH"
    assert callback["partner_status"] == "complete"
    assert callback["partner_score"] == 82
    assert [e["text"] for e in callback["report"]["transcript"]] == [
        "Walk me through the bug.",
        "The cache key ignores the tenant.",
    ]
    assert b"hunter2-secret" not in patch.body

    # 5. test_status shows it all, with every metadata label of the contract.
    final = ats.get("/api/ats/test_status", {"partner_interview_id": public_id}).json()
    assert final["partner_status"] == "complete"
    assert final["partner_score"] == 82
    assert set(final["metadata"]) == {"Sent At", "Started At", "Completed At", "Final Total", "Recording"}
    assert final["metadata"]["Final Total"] == "82/100"
    with urllib.request.urlopen(final["metadata"]["Recording"], timeout=10) as response:
        assert response.read() == RECORDING
    wait_until(
        lambda: Interview.objects.get(public_id=public_id).deliveries.get().status == "succeeded",
        what="the delivery to be recorded",
    )
