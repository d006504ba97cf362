import io

import pytest
from django.core.management import call_command

from assessments.models import Interview


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
