"""Counting partner API calls without a write per call: each process adds them up in memory and
adds its counts to the day's rows (ApiCallCount) every API_CALL_COUNTS_FLUSH_SECONDS.

Like the rate limiter (ats_api/throttling.py), a request only touches this process's memory; the
database sees one small transaction per process per interval, from a timer thread, so no request
waits on it. What can be lost: a process killed outright (SIGKILL, out of memory) loses the calls
it counted since its last flush, at most API_CALL_COUNTS_FLUSH_SECONDS of them; a process that
exits normally (gunicorn's graceful stop or max_requests restart) flushes on exit (atexit). A flush
that fails (database down) keeps its counts for the next one.

A call refused for its key (401) has no organization yet: it is counted under the prefix of the key
it presented, and the flush gives it to the organization whose key has that prefix (revoked or
expired keys included); calls with a prefix no key has are nobody's and are dropped.
"""

import atexit
import logging
import os
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import connection, transaction

from assessments.models import ApiKey
from integration_health.models import ADD_API_CALLS

logger = logging.getLogger(__name__)

# Past this many distinct (day, who, route, answer) counts, the counting request flushes at once:
# the bound stops a flood of made-up key prefixes from growing a process's memory.
MAX_PENDING_COUNTS = 5000

# (day, organization id or presented key prefix, route, status code) -> calls not yet flushed.
CountKey = tuple[date, int | str, str, int]
_pending: Counter[CountKey] = Counter()
_lock = threading.Lock()
_timer_armed = False


def count_api_call(*, organization_id: int | None, key_prefix: str | None, route: str, status_code: int) -> None:
    """Count one call in this process's memory; `key_prefix` stands in for an unknown organization."""
    who = organization_id if organization_id is not None else key_prefix
    if who is None:
        return
    key = (datetime.now(UTC).date(), who, route, status_code)
    with _lock:
        _pending[key] += 1
        overflowing = len(_pending) > MAX_PENDING_COUNTS
    if overflowing:
        _flush_logging_errors()  # the request's answer stands whatever the flush meets
    elif not _timer_armed:
        _arm_timer()


def flush_api_call_counts() -> int:
    """Add this process's counts to the database and forget them. Returns how many calls it added.
    Raises the database's error, keeping the counts for the next flush."""
    with _lock:
        taken = dict(_pending)
        _pending.clear()
    if not taken:
        return 0
    try:
        rows = _rows(taken)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(ADD_API_CALLS, [_stored(row) for row in rows])
    except Exception:
        with _lock:
            _pending.update(taken)
        raise
    return sum(row[-1] for row in rows)


def forget_api_call_counts() -> None:
    """Drop this process's unflushed counts (tests start from none)."""
    with _lock:
        _pending.clear()


def _rows(taken: dict[CountKey, int]) -> list[tuple[int, date, str, int, int]]:
    prefixes = {who for (_, who, _, _) in taken if isinstance(who, str)}
    owners = {}
    if prefixes:
        owners = dict(ApiKey.objects.filter(prefix__in=prefixes).values_list("prefix", "organization_id"))
    by_row: Counter[tuple[int, date, str, int]] = Counter()
    for (day, who, route, status_code), calls in taken.items():
        organization_id = owners.get(who) if isinstance(who, str) else who
        if organization_id is not None:
            by_row[(organization_id, day, route, status_code)] += calls
    # A fixed order: two processes upserting the same rows take their locks in the same order.
    return [(*row, calls) for row, calls in sorted(by_row.items())]


def _stored(row: tuple[int, date, str, int, int]) -> tuple:
    organization_id, day, route, status_code, calls = row
    return (organization_id, connection.ops.adapt_datefield_value(day), route, status_code, calls)


def _arm_timer() -> None:
    """Start this process's flush timer, on its first count."""
    global _timer_armed
    seconds = settings.API_CALL_COUNTS_FLUSH_SECONDS
    if seconds <= 0:
        return  # flushed by whoever calls flush_api_call_counts (the tests)
    with _lock:
        if _timer_armed:
            return
        _timer_armed = True
    atexit.register(_flush_at_exit)
    threading.Thread(target=_flush_every, args=(seconds,), name="api-call-counts", daemon=True).start()


def _flush_every(seconds: float) -> None:
    while True:
        time.sleep(seconds)
        try:
            _flush_logging_errors()
        finally:
            # This thread's own connection: closed between flushes, not held by an idle process.
            connection.close()


def _flush_logging_errors() -> None:
    try:
        flush_api_call_counts()
    except Exception:
        logger.exception("could not flush the API call counts; kept for the next try")


def _forget_parents_counts_and_timer() -> None:
    """In a forked child (a gunicorn worker): the parent's counts are the parent's to flush, and
    its timer thread did not come along (threads do not survive a fork), nor did a thread that held
    the lock."""
    global _timer_armed, _lock
    _lock = threading.Lock()
    _pending.clear()
    _timer_armed = False


os.register_at_fork(after_in_child=_forget_parents_counts_and_timer)


def _flush_at_exit() -> None:
    try:
        flush_api_call_counts()
    except Exception:
        logger.exception("could not flush the API call counts at exit; they are lost")
