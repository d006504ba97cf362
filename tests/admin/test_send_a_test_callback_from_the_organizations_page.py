"""An account manager sends a signed sample result to a URL they type, from the organization's
page: same body shape as a real callback, same address check and CALLBACK_TIMEOUT, the answer shown
on the page, no delivery recorded."""

import html
import json
import re
import threading
import time

from django.utils import timezone

from assessments.models import TranscriptEntry
from assessments.services.organizations import set_ats_credentials
from assessments.services.results import score_interview
from callbacks.models import Delivery
from callbacks.services import attempt_delivery
from tests.support.admin_login import login
from tests.support.builders import ATS_KEY, BREAKDOWN, make_interview
from tests.support.https_sink import Reply
from tests.support.published_verification import verified
from tests.support.signing_secrets import published_secrets

MESSAGE = "greenhouse.result"


def send_test_callback(user, organization, url: str):
    page = f"/admin/assessments/organization/{organization.pk}/test-callback/"
    return login(user).post(page, {"url": url, "message": MESSAGE})


def outcome_text(response) -> str:
    match = re.search(r'<div id="test-callback-outcome">(.*?)</div>', response.content.decode(), re.DOTALL)
    assert match, "the page shows no outcome"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def shape(value):
    """The keys and value types of a JSON value, lists by their first item."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


def a_real_callback_body(organization, sink) -> dict:
    set_ats_credentials(organization=organization, api_key=ATS_KEY)
    interview = make_interview(
        organization, callback_url=sink.url("/real"), status="started", started_at=timezone.now()
    )
    TranscriptEntry.objects.create(interview=interview, speaker="candidate", text="Hello.", at=timezone.now())
    attempt_delivery(delivery_id=score_interview(interview=interview, breakdown=BREAKDOWN).id)
    return json.loads(sink.wait_for(1)[0].body)


def test_the_sample_reaches_the_receiver_signed_in_the_real_bodys_shape_and_the_page_shows_the_answer(
    account_manager, organization, sink
):
    real = a_real_callback_body(organization, sink)
    [secret] = published_secrets(account_manager, organization)
    sink.reply_with(Reply(status=202, body=b'{"received": "the sample"}'))

    response = send_test_callback(account_manager, organization, sink.url("/webhooks/test"))

    assert response.status_code == 200
    words = outcome_text(response)
    assert "Delivered: the receiver answered 202." in words
    assert re.search(r"Time taken \d+ ms", words)
    assert '{"received": "the sample"}' in words
    request = sink.wait_for(2)[1]
    assert (request.method, request.path) == ("PATCH", "/webhooks/test")
    assert verified(secret, request)
    assert "Authorization" not in request.headers  # the ATS key is write-only: never to a typed URL
    assert request.headers["webhook-id"] == request.headers["Idempotency-Key"]
    assert shape(json.loads(request.body)) == shape(real)
    assert Delivery.objects.count() == 1  # the real one; the sample is recorded nowhere


def test_a_private_address_is_refused_in_words_and_nothing_is_sent(account_manager, organization, sink):
    response = send_test_callback(account_manager, organization, "https://10.1.2.3/webhooks/mariohr")

    words = outcome_text(response)
    assert words.startswith("Not sent:") and "private" in words and "10.1.2.3" in words
    assert sink.received == []
    assert not Delivery.objects.exists()


def test_a_receiver_that_hangs_is_cut_off_at_the_callback_timeout(account_manager, organization, sink, settings):
    settings.CALLBACK_TIMEOUT = 2
    release = threading.Event()
    sink.reply_with(Reply(hold=release))
    started = time.monotonic()
    try:
        response = send_test_callback(account_manager, organization, sink.url("/webhooks/slow"))
    finally:
        release.set()

    assert time.monotonic() - started < 4
    words = outcome_text(response)
    assert "No answer in time" in words and "within 2 s" in words
    assert not Delivery.objects.exists()


def test_a_recruiter_cannot_send_a_test_callback(recruiter_a, account_manager, organization, sink):
    page = f"/admin/assessments/organization/{organization.pk}/test-callback/"
    recruiter = login(recruiter_a)
    assert "Send the test callback" in login(account_manager).get(page).content.decode()

    assert recruiter.get(page).status_code in (302, 403)
    assert recruiter.post(page, {"url": sink.url("/webhooks/test"), "message": MESSAGE}).status_code in (302, 403)
    assert sink.received == []
