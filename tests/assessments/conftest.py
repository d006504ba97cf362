import io

import pytest
from django.core.management import call_command
from django.test import Client

from assessments.models import Interview
from assessments.services.staff import create_staff_user


@pytest.fixture
def manage(db):
    """Run a management command as an operator would; returns what it printed."""

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command(*args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    return run


def last_line(output: str) -> str:
    return output.rstrip("\n").splitlines()[-1]


@pytest.fixture
def invited(ats, send_test_body) -> Interview:
    """An interview invited through the partner API, as Greenhouse sends one (candidate Alex Kim,
    the py-fastapi-review test, whose "db-password" field is secret)."""
    response = ats.post("/api/ats/send_test", send_test_body(), format="json")
    assert response.status_code == 200
    return Interview.objects.select_related("organization", "assessment").get(
        public_id=response.json()["partner_interview_id"]
    )


@pytest.fixture
def worker_runs_tasks_at_once():
    """Celery tasks run in the calling process as soon as they are queued, as an idle worker would."""
    from mariohr.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def send_test(ats, send_test_body, django_capture_on_commit_callbacks, worker_runs_tasks_at_once):
    """POST send_test through the partner API and let the worker email the invitation it queues.

    Returns the interview; `**overrides` change the send_test body (see `send_test_body`).
    """

    def post(**overrides) -> Interview:
        with django_capture_on_commit_callbacks(execute=True):
            response = ats.post("/api/ats/send_test", send_test_body(**overrides), format="json")
        assert response.status_code == 200, response.content
        return Interview.objects.get(public_id=response.json()["partner_interview_id"])

    return post


def status_of(ats, interview: Interview) -> str:
    """What the ATS sees: test_status's partner_status."""
    response = ats.get("/api/ats/test_status", {"partner_interview_id": interview.public_id})
    return response.json()["partner_status"]


@pytest.fixture
def recruiter(organization):
    """A recruiter of Acme (the organization `invited` belongs to)."""
    return create_staff_user(email="rita@acme.example", role="recruiter", organizations=[organization], password=None)[
        0
    ]


@pytest.fixture
def recruiter_client(recruiter) -> Client:
    """A browser session logged in as Acme's recruiter."""
    client = Client()
    client.force_login(recruiter)
    return client
