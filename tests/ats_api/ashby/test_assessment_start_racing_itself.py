"""Ashby retrying assessment.start while the first request is still running gets the same assessment.

Only PostgreSQL runs the requests truly at once (SQLite writes one transaction at a time), so the
race is run there: the unique key (organization, assessment, integration, request key) decides.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from rest_framework.test import APIClient

from assessments.models import Interview
from tests.support.partner_api import basic_auth

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_postgres]
RACERS = 6


def test_starts_of_one_application_racing_make_one_interview(api_key, start_body):
    body = start_body()
    barrier = threading.Barrier(RACERS)

    def post(_):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=basic_auth(api_key))
        try:
            barrier.wait()
            response = client.post("/api/ashby/assessment.start", body, format="json")
            return response.status_code, response.json()["results"]["assessment_id"]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        answers = list(pool.map(post, range(RACERS)))

    assert {status for status, _ in answers} == {200}
    [assessment_id] = {assessment_id for _, assessment_id in answers}
    [interview] = Interview.objects.all()
    assert interview.public_id == assessment_id
    assert interview.invitation_queued_at is not None
