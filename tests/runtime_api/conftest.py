"""The assessment engine's client, and interviews sent through the partner API for it to report on."""

import itertools

import pytest
from rest_framework.test import APIClient

from assessments.models import Interview
from tests.support.builders import SENT_AT
from tests.support.engine_api import RUNTIME_TOKEN, engine_client
from tests.support.engine_api import post_event as post_event_as_the_engine
from tests.support.partner_api import send_test_and_fetch_interview


@pytest.fixture
def engine(settings) -> APIClient:
    """An API client that authenticates as the assessment engine does."""
    settings.RUNTIME_API_TOKEN = RUNTIME_TOKEN
    return engine_client()


@pytest.fixture
def post_event(engine):
    """POST one event about the interview, as the engine does; returns the response."""

    def post(interview: Interview | str, event):
        return post_event_as_the_engine(engine, interview, event)

    return post


@pytest.fixture
def send_interview(ats):
    """An interview invited through the partner API, sent at SENT_AT; each call is a new one (its own
    callback url)."""
    numbers = itertools.count(1)

    def send() -> Interview:
        url = f"https://ats.example.com/webhooks/mariohr/{next(numbers)}"
        interview = send_test_and_fetch_interview(ats, url=url)
        Interview.objects.filter(pk=interview.pk).update(sent_at=SENT_AT)
        interview.sent_at = SENT_AT
        return interview

    return send


@pytest.fixture
def interview(send_interview) -> Interview:
    return send_interview()


@pytest.fixture
def s3_credentials(settings):
    settings.AWS_ACCESS_KEY_ID = "AKIAEXAMPLEKEY"
    settings.AWS_SECRET_ACCESS_KEY = "example-secret"
    # An endpoint of these tests' own, so that no S3 client made by another test is reused.
    settings.AWS_S3_ENDPOINT_URL = "https://s3.runtime-tests.example"
    settings.RECORDINGS_BUCKET = "interview-recordings"
