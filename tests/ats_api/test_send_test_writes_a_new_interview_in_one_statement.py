"""send_test writes a new invitation with one INSERT that commits itself, as floor 3 of
`python -m bench.http` does: no read of the interview first, no BEGIN and COMMIT around it.
A retry is refused by the one-interview-per-request-key constraint and answered from the row.

Run outside a test transaction (transaction=True), as gunicorn runs requests: in autocommit.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Interview

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def key_use_recorded(ats):
    # The first request of the minute records the key's use (an UPDATE); later ones do not write.
    assert ats.get("/api/ats/list_tests").status_code == 200
    return ats


def test_a_new_invitation_is_the_key_read_the_assessment_read_and_one_insert(key_use_recorded, send_test_body):
    with CaptureQueriesContext(connection) as queries:
        response = key_use_recorded.post("/api/ats/send_test", send_test_body(), format="json")

    assert response.status_code == 200
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert statements == ["SELECT", "SELECT", "INSERT"]
    assert Interview.objects.get().public_id == response.json()["partner_interview_id"]


def test_a_retry_outside_a_transaction_answers_the_same_interview_and_owes_one_invitation(ats, send_test_body):
    first = ats.post("/api/ats/send_test", send_test_body(), format="json")
    owed_at = Interview.objects.get().invitation_queued_at

    second = ats.post("/api/ats/send_test", send_test_body(), format="json")

    assert second.status_code == 200
    assert second.json() == first.json()
    interview = Interview.objects.get()
    assert interview.invitation_queued_at == owed_at  # not queued again
