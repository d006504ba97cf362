"""Ashby's calls, as Ashby makes them: a POST with a JSON body and the organization's key."""

import pytest

from assessments.models import Interview


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
