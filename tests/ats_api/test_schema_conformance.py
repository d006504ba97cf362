"""The partner API does what its OpenAPI schema says, checked by Schemathesis against the real app.

Every default Schemathesis check runs, on generated positive and negative requests: no 5xx, only
documented status codes, content types and headers, response bodies that match their schemas,
schema-valid requests accepted, schema-invalid ones refused, and auth enforced.

Two facts no OpenAPI 3.0 schema can state, and how the test keeps the checks honest about them:
- A callback url's host must resolve to public addresses. The schema says "an https URI"; the
  test's resolver answers every well-formed DNS name with a public address, as the internet
  would for a real callback host, so a schema-valid url is a url the API must accept. Refusals
  of private and unresolvable hosts are tested in tests/callbacks/test_callback_address_check.py.
- No string or key may contain U+0000 (PostgreSQL cannot store it). That is said nowhere in the
  schema, since response_error takes any JSON object, so generation leaves NUL out (allow_x00);
  the 400 it gets is tested in test_send_test_validation.py and test_response_error.py.
"""

import re
import socket

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from assessments.models import Interview, InterviewStatus
from assessments.services.results import score_interview
from tests.conftest import PUBLIC_IP, basic_auth

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
schema.config.generation.update(allow_x00=False)

DNS_NAME = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", re.I)


@pytest.fixture
def every_name_is_public(fake_dns, monkeypatch):
    """Well-formed names resolve to a public address; other hosts go to fake_dns as usual."""
    resolve = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in fake_dns and DNS_NAME.fullmatch(name):
            fake_dns[name] = [PUBLIC_IP]
        return resolve(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def call_and_validate(api_key, db):
    """Send the case with the organization's key and run every default check on the answer."""

    def run(case):
        # As Django's test client does: a request through the real WSGI handler must not close
        # the connection that holds the test's transaction.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            return case.call_and_validate(headers={"Authorization": basic_auth(api_key)})
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return run


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_schema(case, call_and_validate, every_name_is_public):
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
