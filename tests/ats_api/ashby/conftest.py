"""Ashby's calls, as Ashby makes them: a POST with a JSON body and the organization's key."""

import pytest

from assessments.models import Interview


@pytest.fixture
def start_body(organization):
    """An assessment.start body for Acme's "Python FastAPI Code Review"; `**overrides` replace keys."""
    from assessments.models import Assessment

    type_id = str(Assessment.objects.get(test_id="py-fastapi-review").uuid)

    def make(**overrides) -> dict:
        body = {
            "assessment_type_id": type_id,
            "candidate": {
                "ashby_id": "cand-1",
                "first_name": "Alex",
                "last_name": "Kim",
                "email": "alex.kim@example.com",
                "ashby_profile_url": "https://app.ashbyhq.com/candidates/cand-1",
            },
            "application": {"ashby_id": "app-1", "status": "Active"},
            "job": {
                "ashby_id": "job-1",
                "name": "Backend Engineer",
                "ashby_job_url": "https://app.ashbyhq.com/jobs/job-1",
            },
        }
        body.update(overrides)
        return body

    return make


@pytest.fixture
def tasks_run_at_once():
    """Celery tasks run in the calling process as soon as they are queued, as an idle worker would."""
    from mariohr.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def start(ats, start_body, django_capture_on_commit_callbacks, tasks_run_at_once):
    """POST assessment.start and let the worker send what it queues; returns the answer."""

    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return ats.post("/api/ashby/assessment.start", start_body(**overrides), format="json")

    return post


@pytest.fixture
def started(start) -> Interview:
    response = start()
    assert response.status_code == 200, response.content
    return Interview.objects.get(public_id=response.json()["results"]["assessment_id"])
