"""A process trusts an API key it has checked for API_KEY_TRUST_SECONDS, and revocation stays prompt:
at once in the process that revokes, within the window everywhere else."""

import pytest

from assessments.models import ApiKey
from assessments.services.organizations import revoke_api_key
from ats_api import lookups
from tests.support.partner_api import send_test


@pytest.fixture
def clock(settings, monkeypatch) -> list[float]:
    """The trust window's clock, moved by hand: clock[0] += seconds."""
    settings.API_KEY_TRUST_SECONDS = 2
    now = [1000.0]
    monkeypatch.setattr(lookups, "monotonic", lambda: now[0])
    lookups.forget_trusted_keys()
    yield now
    lookups.forget_trusted_keys()


@pytest.fixture
def interview_id(clock, ats) -> str:
    return send_test(ats)


def poll(client, interview_id: str) -> int:
    return client.get("/api/ats/test_status", {"partner_interview_id": interview_id}).status_code


def test_a_trusted_key_is_not_read_again_within_the_window(ats, interview_id, clock, django_assert_num_queries):
    assert poll(ats, interview_id) == 200

    # The interview alone: the key was checked by the poll before.
    with django_assert_num_queries(1):
        assert poll(ats, interview_id) == 200


def test_a_key_revoked_in_this_process_is_refused_by_the_next_poll_though_it_was_trusted(ats, api_key, interview_id):
    assert poll(ats, interview_id) == 200

    revoke_api_key(api_key=ApiKey.objects.get_from_key(api_key))

    assert poll(ats, interview_id) == 401


def test_a_key_revoked_by_another_process_is_refused_once_the_window_has_passed(ats, api_key, interview_id, clock):
    assert poll(ats, interview_id) == 200

    # Another process's revocation reaches this one only through the database: no signal here.
    ApiKey.objects.filter(pk=ApiKey.objects.get_from_key(api_key).pk).update(revoked=True)
    clock[0] += 1.5
    assert poll(ats, interview_id) == 200  # still inside the documented window
    clock[0] += 0.6

    assert poll(ats, interview_id) == 401


def test_a_wrong_secret_with_a_trusted_keys_prefix_is_refused(ats, api_key, interview_id, client_for):
    assert poll(ats, interview_id) == 200
    prefix = api_key.partition(".")[0]

    assert poll(client_for(f"{prefix}.not-the-secret-of-this-key-000000"), interview_id) == 401
