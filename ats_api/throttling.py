"""API_RATE_LIMIT: requests per API key, counted in Django's cache (contract section 1).

A fixed window per key: one integer in the cache counts the window's requests and expires with it.
DRF's SimpleRateThrottle keeps the time of every request in a list instead, read and written back
whole on each request: two round trips and a growing value, on test_status too, which every ATS
polls. The counter is one round trip on Redis. The price of a fixed window: a key can send up to
twice the rate across the boundary of two windows.
"""

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
        return count_request(f"{key}:{window}", expires_in=self.duration) <= self.num_requests

    def wait(self) -> float:
        return self.window_ends - self.now


def count_request(key: str, *, expires_in: int) -> int:
    """Add one to the counter `key` (created at 0, expiring in `expires_in` s); returns its new value."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        # INCR and EXPIRE in one pipeline, one round trip, on Django's own connection pool: its
        # cache.incr() would first ask whether the key exists, a round trip more.
        full_key = cache.make_and_validate_key(key)
        pipeline = cache._cache.get_client(full_key, write=True).pipeline(transaction=False)
        pipeline.incr(full_key)
        pipeline.expire(full_key, expires_in)
        return pipeline.execute()[0]
    # Any other cache (in-process locally): add and incr are each atomic in the backend.
    cache.add(key, 0, expires_in)
    try:
        return cache.incr(key)
    except ValueError:  # it expired between the two
        cache.set(key, 1, expires_in)
        return 1
