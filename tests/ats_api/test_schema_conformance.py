"""The partner API does what its OpenAPI schema says, checked by Schemathesis against the real app.

Every default Schemathesis check runs, on generated positive and negative requests: no 5xx, only
documented status codes, content types and headers, response bodies that match their schemas,
schema-valid requests accepted, schema-invalid ones refused, and auth enforced.

Two facts no OpenAPI 3.0 schema can state, and how the test keeps the checks honest about them:
- A callback url's host must not be a private address, and the url must fit 2,048 characters
  once encoded. The schema says "an https URI" of at most 2,048 characters; send_test resolves
  no name (names are checked at delivery), so a schema-valid url with a well-formed host name is
  a url the API must accept. Refusals are tested in test_send_test_refuses_unsafe_callback_urls.py,
  test_send_test_encodes_the_url_for_the_wire.py and tests/callbacks/test_callback_address_check.py.
- No string or key may contain U+0000 (PostgreSQL cannot store it). That is said nowhere in the
  schema, since response_error takes any JSON object, so generation leaves NUL out (allow_x00);
  the 400 it gets is tested in test_send_test_validation.py and test_response_error.py.
- Ashby's assessment.start answers a well-formed request for an assessment type the organization
  may not send with 422 (contract section 7), and generated uuids name no assessment: so schema-valid
  requests are not expected to be accepted there. What it accepts is tested in tests/ats_api/ashby.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from assessments.models import Interview, InterviewStatus
from assessments.services.results import score_interview
from tests.support.ashby_api import assessment_start_body
from tests.support.partner_api import basic_auth

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
schema.config.generation.update(allow_x00=False)


# Operations whose well-formed requests may still be refused (see the module's docstring).
REFUSED_WHEN_WELL_FORMED = {"/api/ashby/assessment.start"}


@pytest.fixture
def call_and_validate(api_key, db):
    """Send the case with the organization's key and run every default check on the answer."""

    def run(case):
        # As Django's test client does: a request through the real WSGI handler must not close
        # the connection that holds the test's transaction.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            excluded = [positive_data_acceptance] if case.operation.path in REFUSED_WHEN_WELL_FORMED else []
            return case.call_and_validate(headers={"Authorization": basic_auth(api_key)}, excluded_checks=excluded)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return run


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_schema(case, call_and_validate):
    call_and_validate(case)


LIFECYCLE = {
    "sent": {},
    "started": {"status": InterviewStatus.STARTED},
    "submitted": {"status": InterviewStatus.SUBMITTED},
    "expired": {"status": InterviewStatus.EXPIRED},
    "cancelled": {"status": InterviewStatus.CANCELLED},
}


@pytest.mark.parametrize("state", [*LIFECYCLE, "complete"])
def test_test_status_conforms_to_the_schema_in_every_state(state, ats, send_test_body, call_and_validate):
    # Generated ids find no interview, so the 200 body is checked here, for each partner_status.
    response = ats.post("/api/ats/send_test", send_test_body(), format="json")
    interview = Interview.objects.get(public_id=response.json()["partner_interview_id"])
    if state == "complete":
        score_interview(interview=interview, breakdown=[{"name": "Correctness", "score": 7.5, "max": 10}])
    else:
        Interview.objects.filter(pk=interview.pk).update(**LIFECYCLE[state])
    case = schema["/api/ats/test_status"]["GET"].Case(query={"partner_interview_id": interview.public_id})

    answer = call_and_validate(case)

    assert answer.status_code == 200
    assert answer.json()["partner_status"] == state


def test_ashby_start_and_cancel_conform_to_the_schema_when_they_succeed(organization, call_and_validate):
    # Generated uuids and ids name nothing, so the 200 bodies are checked here.
    body = assessment_start_body(str(organization.assessments.get(test_id="react-debugging").uuid))

    started = call_and_validate(schema["/api/ashby/assessment.start"]["POST"].Case(body=body))
    assessment_id = started.json()["results"]["assessment_id"]
    cancelled = call_and_validate(
        schema["/api/ashby/assessment.cancel"]["POST"].Case(body={"assessment_id": assessment_id})
    )

    assert started.status_code == 200
    assert cancelled.status_code == 200
    assert Interview.objects.get(public_id=assessment_id).status == InterviewStatus.CANCELLED
