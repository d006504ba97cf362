"""API_RATE_LIMIT holds across web processes: each adds its requests to the shared count in
batches of 1% of the limit, so a key is refused at most one batch past its limit per process."""

import time

from django.core.cache import cache

from assessments.models import ApiKey

LIST_TESTS = "/api/ats/list_tests"


def shared_count_key(prefix: str, per_seconds: int) -> str:
    # ats_api/throttling.py: the count of one key in one window.
    return f"api-rate:{prefix}:{int(time.time() // per_seconds)}"


def test_requests_counted_by_other_processes_stop_a_key_within_one_batch(settings, ats):
    settings.API_RATE_LIMIT = "1000/day"  # batches of 10
    prefix = ApiKey.objects.get().prefix
    # The other web processes have let 995 of this key's requests through today.
    cache.set(shared_count_key(prefix, 24 * 3600), 995, 24 * 3600)

    answers = [ats.get(LIST_TESTS).status_code for _ in range(12)]

    # An exact count would refuse from the 6th; this process learns of the others at its 10th.
    assert answers[:9] == [200] * 9
    assert answers[9:] == [429] * 3


def test_a_small_limit_is_counted_exactly(settings, ats):
    settings.API_RATE_LIMIT = "5/day"
    prefix = ApiKey.objects.get().prefix
    cache.set(shared_count_key(prefix, 24 * 3600), 3, 24 * 3600)

    answers = [ats.get(LIST_TESTS).status_code for _ in range(3)]

    assert answers == [200, 200, 429]
