import pytest
from django.test import Client

from assessments.models import Interview
from assessments.services.staff import create_staff_user
from tests.support.admin_login import login
from tests.support.commands import run_command
from tests.support.partner_api import send_test as send_test_through_the_api
from tests.support.partner_api import send_test_and_fetch_interview


@pytest.fixture
def manage(db):
    """Run a management command as an operator would; returns what it printed."""

    return run_command


@pytest.fixture
def invited(ats) -> Interview:
    """An interview invited through the partner API, as Greenhouse sends one (candidate Alex Kim,
    the py-fastapi-review test, whose "db-password" field is secret)."""
    return send_test_and_fetch_interview(ats)


@pytest.fixture
def send_test(ats, django_capture_on_commit_callbacks, tasks_run_at_once):
    """POST send_test through the partner API and let the worker email the invitation it queues.

    Returns the interview; `**overrides` change the send_test body (see `send_test_body`).
    """

    def post(**overrides) -> Interview:
        with django_capture_on_commit_callbacks(execute=True):
            public_id = send_test_through_the_api(ats, **overrides)
        return Interview.objects.get(public_id=public_id)

    return post


@pytest.fixture
def recruiter(organization):
    """A recruiter of Acme (the organization `invited` belongs to)."""
    return create_staff_user(email="rita@acme.example", role="recruiter", organizations=[organization], password=None)[
        0
    ]


@pytest.fixture
def recruiter_client(recruiter) -> Client:
    """A browser session logged in as Acme's recruiter."""
    return login(recruiter)
