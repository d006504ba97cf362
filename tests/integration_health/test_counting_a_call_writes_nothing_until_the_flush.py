"""Counting the partner API's calls adds no query to a call: test_status stays at the two queries
pinned in tests/ats_api/test_query_counts.py; the counts reach the database at the flush, one
write for many calls."""

from integration_health.api_calls import flush_api_call_counts
from integration_health.models import ApiCallCount
from tests.support.partner_api import send_test


def test_polls_are_counted_without_a_query_and_written_at_the_flush(
    ats, organization, django_assert_num_queries, django_assert_max_num_queries
):
    interview_id = send_test(ats)

    for _ in range(20):
        with django_assert_num_queries(2):  # the key, then the interview: nothing of the counting
            response = ats.get("/api/ats/test_status", {"partner_interview_id": interview_id})
        assert response.status_code == 200
    assert not ApiCallCount.objects.exists()

    with django_assert_max_num_queries(4):  # its transaction, and one statement a row
        flush_api_call_counts()

    polls = ApiCallCount.objects.get(organization=organization, route="api/ats/test_status", status_code=200)
    assert polls.count == 20
