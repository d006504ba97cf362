import pytest

from assessments.models import Interview
from assessments.services.results import score_interview
from callbacks.models import AttemptOutcome, DeliveryStatus
from callbacks.services import attempt_delivery
from tests.support.builders import BREAKDOWN
from tests.support.https_sink import Reply
from tests.support.partner_api import send_test_and_fetch_interview


@pytest.fixture
def interview_with_public_name(organization, ats, fake_dns) -> Interview:
    """An interview sent with a callback host that resolved to a public address at send_test."""
    interview = send_test_and_fetch_interview(ats, url="https://ats.example.com/hook")
    Interview.objects.filter(pk=interview.pk).update(status="started")
    return interview


@pytest.mark.parametrize("now_resolves_to", ["127.0.0.1", "10.0.0.7", "169.254.169.254", "::1"])
def test_a_name_that_now_resolves_to_a_private_address_is_not_called(
    interview_with_public_name, fake_dns, now_resolves_to
):
    fake_dns["ats.example.com"] = [now_resolves_to]
    delivery = score_interview(interview=interview_with_public_name, breakdown=BREAKDOWN)

    attempt = attempt_delivery(delivery_id=delivery.id)

    attempt.refresh_from_db()
    delivery.refresh_from_db()
    assert attempt.error_kind == "address_refused"
    assert now_resolves_to in attempt.error
    assert attempt.status_code is None
    assert delivery.status == DeliveryStatus.FAILED


@pytest.mark.parametrize("resolves_to", [["10.1.2.3"], ["93.184.215.14", "192.168.0.10"]])
def test_a_name_that_resolved_to_a_private_address_when_sent_is_never_called(organization, ats, fake_dns, resolves_to):
    # send_test never waits on DNS, so it accepts the name; the delivery resolves and refuses it.
    fake_dns["internal.example.com"] = resolves_to
    interview = send_test_and_fetch_interview(ats, url="https://internal.example.com/x")
    Interview.objects.filter(pk=interview.pk).update(status="started")
    delivery = score_interview(interview=interview, breakdown=BREAKDOWN)

    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    attempt = delivery.attempts.get()
    assert attempt.error_kind == "address_refused"
    assert resolves_to[-1] in attempt.error
    assert delivery.status == DeliveryStatus.FAILED


def test_a_name_that_stops_resolving_is_retried_later(interview_with_public_name, fake_dns):
    del fake_dns["ats.example.com"]
    delivery = score_interview(interview=interview_with_public_name, breakdown=BREAKDOWN)

    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts.get().error_kind == "address_refused"


def test_a_redirect_is_not_followed(started_interview, sink, db):
    sink.reply_with(Reply(status=307, headers={"Location": "https://10.0.0.1/steal"}))
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)

    attempt_delivery(delivery_id=delivery.id)

    assert len(sink.received) == 1
    attempt = delivery.attempts.get()
    assert attempt.status_code == 307
    assert attempt.error_kind == "redirect"
    assert attempt.outcome == AttemptOutcome.PERMANENT


def test_a_certificate_the_callback_ca_does_not_vouch_for_is_refused(started_interview, sink, settings, db):
    settings.CALLBACK_CA_BUNDLE = None  # the sink's throwaway CA is no longer trusted
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)

    attempt_delivery(delivery_id=delivery.id)

    attempt = delivery.attempts.get()
    assert attempt.error_kind == "tls"
    assert sink.received == []


def test_proxy_settings_in_the_environment_are_ignored(started_interview, sink, monkeypatch, db):
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)

    attempt_delivery(delivery_id=delivery.id)

    assert len(sink.received) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
