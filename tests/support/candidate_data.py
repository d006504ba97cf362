"""Candidates whose personal data is everywhere we keep it: the interview, the transcript, the
recording in S3, the breakdown's comments, an email error, a callback's body and answer, and the
ATS's error reports. Built through the public routes, as the ATS and the engine would."""

import json
from dataclasses import dataclass

from django.utils import timezone

from assessments.models import Interview
from callbacks.services import attempt_delivery
from tests.support.https_sink import Reply


@dataclass(frozen=True)
class Person:
    email: str
    first_name: str
    last_name: str
    phone: str

    @property
    def traces(self) -> tuple[str, ...]:
        """What a search for this person looks for: their address, names and phone number."""
        return (self.email, self.first_name, self.last_name, self.phone)


ZOLTAN = Person("Zoltan.Quixby@example.org", "Zoltan", "Quixby", "+44 7700 900123")
WILHELMINA = Person("wilhelmina.brightwater@example.net", "Wilhelmina", "Brightwater", "+1 202 555 0175")


def invite(ats, person: Person, *, callback_url: str) -> Interview:
    """send_test with every candidate field Greenhouse sends."""
    body = {
        "partner_test_id": "py-fastapi-review",
        "candidate": {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "preferred_name": person.first_name[:3],
            "phone_number": person.phone,
            "resume_url": f"https://files.example.com/resumes/{person.last_name.lower()}.pdf",
            "greenhouse_profile_url": f"https://app.greenhouse.io/people/{person.first_name.lower()}-123",
        },
        "url": callback_url,
        "sent_by": "recruiter@example.com",
    }
    response = ats.post("/api/ats/send_test", body, format="json")
    assert response.status_code == 200, response.content
    return Interview.objects.get(public_id=response.json()["partner_interview_id"])


def scored_with_everything(*, ats, post_event, sink, s3, bucket: str, person: Person) -> Interview:
    """A scored Greenhouse interview of `person` whose result callback was answered 503 (the
    answer quoting them), with a recording of two versions and two error reports naming them."""
    interview = invite(ats, person, callback_url=sink.url(f"/webhooks/mariohr/{id(person)}"))
    key = f"recordings/{interview.public_id}.webm"
    s3.put_object(Bucket=bucket, Key=key, Body=b"first take")
    s3.put_object(Bucket=bucket, Key=key, Body=b"webm bytes")
    at = timezone.now().isoformat().replace("+00:00", "Z")
    said = f"Hello, I am {person.first_name} {person.last_name}, {person.phone}, {person.email}."
    for event in (
        {"type": "started", "at": at},
        {"type": "transcript", "entries": [{"speaker": "candidate", "text": said, "at": at}]},
        {"type": "recording", "s3_key": key},
        {"type": "completed", "at": at},
        {
            "type": "scored",
            "breakdown": [
                {"name": "Correctness", "score": 45, "max": 60, "comment": f"{person.first_name} found the bug."},
                {"name": "Communication", "score": 37, "max": 40, "comment": "Clear."},
            ],
        },
    ):
        response = post_event(interview, event)
        assert response.status_code == 202, response.content
    Interview.objects.filter(pk=interview.pk).update(
        invitation_error=f"The reminder email was not delivered: the mail server refused it for good "
        f"(it answered 550 <{person.email}>: mailbox unavailable)."
    )
    sink.reply_with(Reply(status=503, body=json.dumps({"error": f"{person.email} is locked"}).encode()))
    attempt_delivery(delivery_id=interview.deliveries.get().pk)
    for payload in (
        {"api_call": "test_status", "errors": ["timeout"], "partner_interview_id": interview.public_id},
        {"api_call": "send_test", "errors": [f"{person.email} bounced"], "candidate_email": person.email.upper()},
    ):
        assert ats.post("/api/ats/response_error", payload, format="json").status_code == 200
    interview.refresh_from_db()
    return interview


def post_event_client(engine):
    """A function that POSTs one runtime event about an interview with the engine's client."""

    def post(interview: Interview, event: dict):
        return engine.post(
            f"/api/runtime/interviews/{interview.public_id}/events", json.dumps(event), content_type="application/json"
        )

    return post
