"""Bounds on one callback attempt: a deadline on the whole of it, and slots per receiving host.

Socket timeouts bound each read, not the attempt: a receiver that sends its headers and then a
byte every few seconds never trips one. So a watchdog thread shuts down the sockets of an
attempt whose deadline has passed; whatever read or write the sending thread is blocked in then
returns at once, and the client reports a timeout. The name lookup, which no socket timeout
covers, runs in a small pool and is waited for until the same deadline.
"""

import heapq
import itertools
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from urllib3.connection import HTTPSConnection

# Lookups that outlast their attempt keep their thread until the resolver gives up (its own
# timeouts, seconds): enough threads that a few slow names do not hold up the others.
LOOKUP_THREADS = 32

_current = threading.local()
_lock = threading.Lock()
_process: dict[str, object] = {}  # this process's watchdog and lookup pool (rebuilt after a fork)


class Deadline:
    """One attempt's deadline and the connections it uses; `expired` once the watchdog cut them."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self.finished = False
        self.connections: list[DeadlineConnection] = []

    def remaining(self) -> float:
        return max(self.at - time.monotonic(), 0.0)

    def use(self, connection: "DeadlineConnection") -> None:
        with _lock:
            if connection not in self.connections:
                self.connections.append(connection)
            if self.expired:
                connection.shut()

    def expire(self) -> None:
        # Under the lock, so that a connection the next attempt has taken over is never cut.
        with _lock:
            if self.finished:
                return
            self.expired = True
            for connection in self.connections:
                connection.shut()

    def finish(self) -> None:
        with _lock:
            self.finished = True
            for connection in self.connections:
                if connection.sock is None:  # closed during the attempt: see DeadlineConnection.close
                    connection.drop_spare()
            self.connections.clear()


@contextmanager
def attempt_deadline(seconds: float) -> Iterator[Deadline]:
    """The deadline of the attempt made inside the block, by this thread."""
    deadline = Deadline(seconds)
    _watchdog().watch(deadline)
    _current.deadline = deadline
    try:
        yield deadline
    finally:
        _current.deadline = None
        deadline.finish()


def within_deadline(deadline: Deadline, function: Callable, *args):
    """function(*args), or FutureTimeout if it has not returned by the deadline (its thread is
    left to finish on its own: a lookup cannot be interrupted)."""
    future = _lookup_pool().submit(function, *args)
    try:
        return future.result(timeout=deadline.remaining())
    except FutureTimeout:
        future.cancel()
        raise


class DeadlineConnection(HTTPSConnection):
    """An HTTPS connection that the current attempt's deadline can cut, from another thread.

    It keeps a duplicate of its socket's descriptor: shutting that down ends the connection's
    reads and writes (TLS handshake included) without touching the SSL object the sending thread
    is using, and the duplicate is ours, so it can never stand for a socket opened since.
    """

    _spare: socket.socket | None = None

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        self._spare = sock.dup()
        self._watched()
        return sock

    def request(self, *args, **kwargs) -> None:
        self._watched()
        super().request(*args, **kwargs)

    def _watched(self) -> None:
        deadline = getattr(_current, "deadline", None)
        if deadline is not None:
            deadline.use(self)

    def shut(self) -> None:
        """Shut the socket down; the caller holds _lock."""
        if self._spare is not None:
            with suppress(OSError):  # the other end has closed it already
                self._spare.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        super().close()
        deadline = getattr(_current, "deadline", None)
        with _lock:
            # http.client closes a connection that will not be reused as soon as the answer's
            # headers are in, but the answer's body still comes over the socket: the attempt's
            # deadline keeps the spare until the attempt ends (Deadline.finish).
            if deadline is None or deadline.finished or self not in deadline.connections:
                self.drop_spare()

    def drop_spare(self) -> None:
        """Close the spare descriptor; the caller holds _lock."""
        if self._spare is not None:
            self._spare.close()
            self._spare = None


class _Watchdog:
    """One thread per process that expires attempts at their deadlines, earliest first."""

    def __init__(self):
        self._due: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()
        self._changed = threading.Condition()
        threading.Thread(target=self._run, name="callback-deadlines", daemon=True).start()

    def watch(self, deadline: Deadline) -> None:
        with self._changed:
            heapq.heappush(self._due, (deadline.at, next(self._order), deadline))
            if self._due[0][2] is deadline:
                self._changed.notify()

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._due or self._due[0][0] > time.monotonic():
                    self._changed.wait(self._due[0][0] - time.monotonic() if self._due else None)
                _, _, deadline = heapq.heappop(self._due)
            deadline.expire()


def _watchdog() -> _Watchdog:
    return _per_process("watchdog", _Watchdog)


def _lookup_pool() -> ThreadPoolExecutor:
    return _per_process(
        "lookups", lambda: ThreadPoolExecutor(max_workers=LOOKUP_THREADS, thread_name_prefix="callback-lookup")
    )


def _per_process(name: str, make: Callable):
    # Threads do not survive a fork (Celery's prefork pool): a child makes its own.
    key = f"{name}:{os.getpid()}"
    found = _process.get(key)
    if found is None:
        with _lock:
            found = _process.get(key)
            if found is None:
                found = _process[key] = make()
    return found


# Start times of the attempts in flight from this process, per receiving host.
_in_flight: dict[str, list[float]] = {}
# Told whenever an attempt gives its slot back (it shares _lock with the deadlines' bookkeeping).
_slot_freed = threading.Condition(_lock)
# When a host's slots are all taken, a thread waits for one while the host's oldest attempt in
# flight has run less than this, and no longer than this: a quick host that is merely busy frees
# one in milliseconds, and a delivery put back instead costs its claim again and a message of its
# own, behind a whole backlog's in the broker. A host with an attempt older than this is slow or
# hanging: the delivery is put back at once, and the thread goes on to other hosts' callbacks.
QUICK_ATTEMPT_SECONDS = 0.5
# A delivery refused a slot waits at least this long, and at most CALLBACK_TIMEOUT.
SHORTEST_WAIT_FOR_A_SLOT = 0.5


@dataclass(frozen=True)
class HostSlot:
    granted: bool
    retry_in: float = 0.0
    """When refused: seconds to wait. As long as the host's oldest attempt has been running
    (a busy but quick host frees a slot soon, a hanging one not before its attempts time out)."""


@contextmanager
def host_slot(url: str) -> Iterator[HostSlot]:
    """Whether this thread may send to the URL's host now: at most CALLBACK_MAX_IN_FLIGHT_PER_HOST
    attempts per host in this process. Waits for one only while the host's attempts are quick (at
    most QUICK_ATTEMPT_SECONDS); the caller leaves a refused delivery due."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        host = ""
    give_up_at = time.monotonic() + QUICK_ATTEMPT_SECONDS
    with _slot_freed:
        while (wait := _worth_waiting_for_a_slot(host, give_up_at)) > 0:
            _slot_freed.wait(wait)
        now = time.monotonic()
        started = _in_flight.setdefault(host, [])
        if len(started) >= settings.CALLBACK_MAX_IN_FLIGHT_PER_HOST:
            oldest = now - min(started, default=now)
            retry_in = min(max(oldest, SHORTEST_WAIT_FOR_A_SLOT), settings.CALLBACK_TIMEOUT)
            slot = HostSlot(granted=False, retry_in=retry_in * random.uniform(1, 1.5))  # noqa: S311
        else:
            started.append(now)
            slot = HostSlot(granted=True)
    try:
        yield slot
    finally:
        if slot.granted:
            with _slot_freed:
                started.remove(now)
                if not started:
                    del _in_flight[host]
                _slot_freed.notify_all()


def _worth_waiting_for_a_slot(host: str, give_up_at: float) -> float:
    """Seconds to wait for a slot of the host: none when one is free, or when its oldest attempt
    in flight has run QUICK_ATTEMPT_SECONDS (not a quick host); the caller holds _lock."""
    started = _in_flight.get(host)
    if not started or len(started) < settings.CALLBACK_MAX_IN_FLIGHT_PER_HOST:
        return 0.0
    return min(give_up_at, min(started) + QUICK_ATTEMPT_SECONDS) - time.monotonic()
