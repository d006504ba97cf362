"""The runtime route does what the OpenAPI schema says, checked by Schemathesis against the real app.

Generated events, valid and not, go to a fresh started interview each: no 5xx, only documented
status codes and bodies, and schema-invalid events refused. One rule no OpenAPI 3.0 schema can
state is left to tests/runtime_api/test_event_validation.py: a score may not exceed its max, so
a schema-valid breakdown can still be refused with 400 and "positive data acceptance" is off.
"""

import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings

from assessments.models import Interview, InterviewStatus
from tests.support.engine_api import RUNTIME_TOKEN

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application()).include(
    path_regex="^/api/runtime/"
)
# NUL is refused like any other bad character (tested in test_event_validation.py), but the schema
# does not say so.
schema.config.generation.update(allow_x00=False)
schema.config.checks.update(excluded_check_names=["positive_data_acceptance"])


@pytest.fixture
def fresh_started_interview(interview):
    """A new started interview for each generated case, so that every event can apply."""
    numbers = itertools.count(1)

    def make() -> Interview:
        return Interview.objects.create(
            integration="greenhouse",
            organization=interview.organization,
            assessment=interview.assessment,
            candidate_email="alex.kim@example.com",
            callback_url=f"https://ats.example.com/webhooks/mariohr/fuzz-{next(numbers)}",
            status=InterviewStatus.STARTED,
            started_at=timezone.now(),
        )

    return make


@schema.parametrize()
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_runtime_route_conforms_to_the_schema(case, engine, fresh_started_interview):
    case.path_parameters = {"partner_interview_id": fresh_started_interview().public_id}
    # As Django's test client does: a request through the real WSGI handler must not close the
    # connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        case.call_and_validate(headers={"Authorization": f"Bearer {RUNTIME_TOKEN}"})
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
