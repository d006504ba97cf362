"""The partner routes are polled: their SQL cost must not grow with the catalog."""

import pytest

from tests.support.builders import enable_more_assessments
from tests.support.partner_api import send_test
from tests.support.query_counts import queries_of


@pytest.fixture
def globex(client_for, other_api_key, fake_dns):
    client = client_for(other_api_key)
    # The first request of the minute records the key's use; later ones do not write.
    assert client.get("/api/ats/list_tests").status_code == 200
    return client


def test_test_status_answers_in_two_queries(ats, django_assert_num_queries):
    interview_id = send_test(ats)

    # The key, then the interview; a key the process trusts already skips the first
    # (test_api_key_trust.py).
    with django_assert_num_queries(2):
        response = ats.get("/api/ats/test_status", {"partner_interview_id": interview_id})

    assert response.status_code == 200


def test_test_status_answers_in_three_queries_when_it_also_records_the_key_use(
    client_for, api_key, fake_dns, django_assert_num_queries
):
    with django_assert_num_queries(3):
        response = client_for(api_key).get("/api/ats/test_status", {"partner_interview_id": "no-such-interview"})

    assert response.status_code == 404


def test_list_tests_costs_the_same_queries_for_1_or_30_assessments(
    globex, other_organization, django_assert_num_queries
):
    with_one = queries_of(lambda: globex.get("/api/ats/list_tests"))
    enable_more_assessments(other_organization, 29)

    with django_assert_num_queries(with_one):
        response = globex.get("/api/ats/list_tests")

    assert len(response.json()) == 30
    assert with_one <= 2


def test_send_test_costs_the_same_queries_for_1_or_30_assessments(
    globex, other_organization, send_test_body, django_assert_num_queries
):
    with_one = queries_of(
        lambda: globex.post("/api/ats/send_test", send_test_body(url="https://ats.example.com/1"), format="json")
    )
    enable_more_assessments(other_organization, 29)

    with django_assert_num_queries(with_one):
        response = globex.post(
            "/api/ats/send_test",
            send_test_body(url="https://ats.example.com/30", partner_test_id="extra-28"),
            format="json",
        )

    assert response.status_code == 200
    # Key, assessment, then the insert inside its savepoint (the test's transaction is the caller's).
    assert with_one <= 5


def test_send_test_costs_five_queries(globex, send_test_body, django_assert_num_queries):
    # The key; the assessment; the insert, inside a savepoint here because the test runs in a
    # transaction (counted with the savepoint and its release). An assessment the process trusts
    # already skips its read (test_sendable_assessment_trust.py).
    with django_assert_num_queries(5):
        response = globex.post("/api/ats/send_test", send_test_body(url="https://ats.example.com/1"), format="json")

    assert response.status_code == 200
