"""After a FIELD_ENCRYPTION_KEY change that dropped the old key, the organization's ATS key can no
longer be decrypted. Its deliveries are not sent without it, nor left to loop: each try is
recorded, the reason is in words on the admin, and the delivery ends as failed on the schedule."""

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model

from assessments.services.results import score_interview
from callbacks.models import AttemptOutcome, Delivery, DeliveryStatus
from callbacks.services import attempt_delivery
from tests.support.builders import BREAKDOWN
from tests.support.deliveries import make_due

REASON = "the ATS credentials cannot be decrypted"


@pytest.fixture
def delivery(started_interview, settings, db) -> Delivery:
    """started_interview stored the organization's ATS key; then the encryption key is replaced."""
    settings.CALLBACK_RETRY_SCHEDULE = [0, 5]
    settings.FIELD_ENCRYPTION_KEY = [Fernet.generate_key().decode()]
    return score_interview(interview=started_interview, breakdown=BREAKDOWN)


def test_each_try_is_recorded_with_the_reason_and_the_delivery_ends_failed(delivery, sink):
    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    first = delivery.attempts.get()
    assert (first.outcome, first.error_kind) == (AttemptOutcome.RETRYABLE, "credentials")
    assert REASON in first.error
    assert "FIELD_ENCRYPTION_KEY" in first.error
    assert delivery.status == DeliveryStatus.PENDING

    make_due(delivery)
    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempt_count == 2
    assert delivery.last_error.startswith(f"attempt 2: {REASON}")
    assert sink.received == []  # never sent without its credentials


def test_the_admin_shows_the_reason_in_words(delivery, sink, client):
    attempt_delivery(delivery_id=delivery.id)
    make_due(delivery)
    attempt_delivery(delivery_id=delivery.id)
    user = get_user_model().objects.create_superuser("am@mariohr.com", "am@mariohr.com", "pw-for-tests-1")
    client.force_login(user)

    page = client.get(f"/admin/callbacks/delivery/{delivery.pk}/change/")
    assert page.status_code == 200
    assert REASON in page.content.decode()
