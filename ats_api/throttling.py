"""API_RATE_LIMIT: requests per API key, counted in Django's cache (contract section 1).

A fixed window per key: one integer in the cache counts the window's requests and expires with it.
DRF's SimpleRateThrottle keeps the time of every request in a list instead, read and written back
whole on each request: two round trips and a growing value, on test_status too, which every ATS
polls. The counter is one round trip on Redis. The price of a fixed window: a key can send up to
twice the rate across the boundary of two windows.

Even one round trip a request is a large share of what a test_status poll costs (bench/README.md
has the figures). So each process counts a key's requests itself and adds them to the shared count
once it holds 1% of the limit: one round trip for every six requests at 600/min, exact for limits
under 200 a window. A key can then pass its limit by at most that batch per web process before
every process sees it.
"""

import threading

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import SimpleRateThrottle

from assessments.models import ApiKey


class ApiKeyRateThrottle(SimpleRateThrottle):
    """At most API_RATE_LIMIT requests per key per window; wait() is the time left in the window."""

    scope = "api_key"

    def get_rate(self) -> str:
        # Read when the request comes, not when DRF's settings load, so tests can lower it.
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, ApiKey):
            return None  # unauthenticated requests are refused (401) before throttling anyway
        # The key's prefix is its public, unique half; the secret half never goes into the cache.
        return f"api-rate:{request.auth.prefix}"

    def allow_request(self, request, view) -> bool:
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        batch = max(1, self.num_requests // 100)
        return count_request(key, window=window, expires_in=self.duration, batch=batch) <= self.num_requests

    def wait(self) -> float:
        return self.window_ends - self.now


class _Count:
    """One key's count in one window, as this process knows it."""

    def __init__(self, window: int):
        self.window = window
        self.shared = 0  # the shared count when this process last added to it
        self.unshared = 0  # this process's requests since


_counts: dict[str, _Count] = {}
_counts_lock = threading.Lock()


def count_request(key: str, *, window: int, expires_in: int, batch: int) -> int:
    """Count one request of `key` in `window`; returns the window's count as far as this process
    knows it. Every `batch` requests of a process are added to the shared count in the cache."""
    with _counts_lock:
        count = _counts.get(key)
        if count is None or count.window != window:
            count = _counts[key] = _Count(window)
        count.unshared += 1
        if count.unshared < batch:
            return count.shared + count.unshared
        adding, count.unshared = count.unshared, 0
    shared = _add_to_shared_count(f"{key}:{window}", adding, expires_in=expires_in)
    with _counts_lock:
        count.shared = max(count.shared, shared)
        return count.shared + count.unshared


def _add_to_shared_count(key: str, amount: int, *, expires_in: int) -> int:
    """Add `amount` to the counter `key` (created at 0, expiring in `expires_in` s); returns its new value."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        # INCRBY and EXPIRE in one pipeline, one round trip, on Django's own connection pool: its
        # cache.incr() would first ask whether the key exists, a round trip more.
        full_key = cache.make_and_validate_key(key)
        pipeline = cache._cache.get_client(full_key, write=True).pipeline(transaction=False)
        pipeline.incrby(full_key, amount)
        pipeline.expire(full_key, expires_in)
        return pipeline.execute()[0]
    # Any other cache (in-process locally): add and incr are each atomic in the backend.
    cache.add(key, 0, expires_in)
    try:
        return cache.incr(key, amount)
    except ValueError:  # it expired between the two
        cache.set(key, amount, expires_in)
        return amount
