"""The fault drills' view of the backlog: what the database and the broker hold, sampled as it drains.

Not run on its own: bench/drills.py uses it once Django is set up (for table names and settings).
It reads with a plain psycopg connection of its own, not through the service's Django connection,
so that its view survives the drills: while PostgreSQL or Redis is down a sample simply has no
value for it, and the next read connects again at once.
"""

import time
from collections import Counter
from dataclasses import astuple, dataclass

import psycopg
from django.conf import settings

from assessments.models import Interview
from callbacks.models import Delivery, DeliveryAttempt
from callbacks.outcomes import JITTER

SAMPLE_EVERY = 0.5
DELIVERY = Delivery._meta.db_table
ATTEMPT = DeliveryAttempt._meta.db_table
INTERVIEW = Interview._meta.db_table


class Database:
    def __init__(self, url: str):
        self.url = url
        self.connection: psycopg.Connection | None = None

    def rows(self, sql: str, params: tuple = ()) -> list[tuple] | None:
        """The query's rows, or None while the database is unreachable (a drill is restarting it)."""
        try:
            if self.connection is None or self.connection.closed:
                self.connection = psycopg.connect(self.url, autocommit=True, connect_timeout=2)
            return self.connection.execute(sql, params).fetchall()
        except psycopg.Error:
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            return None


@dataclass
class Sample:
    t: float
    succeeded: int | None
    finished: int | None
    leased: int | None
    queued: int | None
    unacked: int | None


class Monitor:
    """Samples the drain twice a second from the moment it is created (the start of the run)."""

    def __init__(self, database: Database, redis, *, total: int):
        self.database = database
        self.redis = redis
        self.total = total
        self.started = time.monotonic()
        self.timeline: list[tuple] = []

    def now(self) -> float:
        return time.monotonic() - self.started

    def sample(self) -> Sample:
        counts = self.database.rows(
            f"SELECT count(*) FILTER (WHERE status = 'succeeded'), count(*) FILTER (WHERE status <> 'pending'),"
            f" count(*) FILTER (WHERE status = 'pending' AND lease_expires_at > now()) FROM {DELIVERY}"
        )
        succeeded, finished, leased = counts[0] if counts else (None, None, None)
        queue = self.redis.messages() or {}
        sample = Sample(round(self.now(), 2), succeeded, finished, leased, queue.get("queued"), queue.get("unacked"))
        self.timeline.append(astuple(sample))
        return sample

    def latest_succeeded(self) -> int:
        return next((row[1] for row in reversed(self.timeline) if row[1] is not None), 0)

    def wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.sample()
            time.sleep(min(SAMPLE_EVERY, max(0.0, deadline - time.monotonic())))

    def wait_until(self, predicate, timeout: float, what: str) -> Sample | None:
        """The first sample, with the database up, that satisfies predicate; None after timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sample = self.sample()
            if sample.succeeded is not None and predicate(sample):
                return sample
            if sample.finished == self.total:
                return None  # nothing left to wait for: the predicate can no longer come true
            time.sleep(SAMPLE_EVERY)
        print(f"timed out waiting for {what}", flush=True)
        return None

    def orphaned_claims(self, fault_at: float, *, claimed_since: float = 0) -> list[str]:
        """Deliveries claimed before the fault (wall time, and not before claimed_since) and still
        held: their worker never recorded.

        A claim sets lease_expires_at to claim time + CALLBACK_LEASE_SECONDS and every recorded
        outcome clears it, so these wait for their lease to run out and for the sweep.
        """
        rows = self.database.rows(
            f"SELECT id FROM {DELIVERY} WHERE status = 'pending' AND lease_expires_at > now()"
            " AND lease_expires_at - make_interval(secs => %s) BETWEEN to_timestamp(%s) AND to_timestamp(%s)",
            (settings.CALLBACK_LEASE_SECONDS, claimed_since, fault_at),
        )
        return [str(row[0]) for row in rows or []]

    def pending(self) -> list[str]:
        rows = self.database.rows(f"SELECT id FROM {DELIVERY} WHERE status = 'pending'")
        return [str(row[0]) for row in rows or []]

    def facts(self) -> dict:
        """After the run: each delivery's interview, status, finish time and attempts; settings used."""
        deliveries = self.database.rows(
            f"SELECT d.id, i.public_id, d.status, extract(epoch FROM d.finished_at), d.attempt_count"
            f" FROM {DELIVERY} d JOIN {INTERVIEW} i ON i.id = d.interview_id"
        )
        attempts = self.database.rows(
            f"SELECT delivery_id, number, extract(epoch FROM started_at), duration_ms, outcome FROM {ATTEMPT}"
            " ORDER BY delivery_id, number"
        )
        if deliveries is None or attempts is None:
            raise RuntimeError("the database is unreachable after the drills")
        attempts_of: dict[str, list[tuple]] = {}
        for delivery_id, number, started, duration_ms, outcome in attempts:
            attempts_of.setdefault(str(delivery_id), []).append((number, float(started), duration_ms, outcome))
        return {
            "interview_of": {str(i): public_id for i, public_id, *_ in deliveries},
            "finished_at": {str(i): float(at) for i, _, _, at, _ in deliveries if at is not None},
            "status_of": {str(i): status for i, _, status, *_ in deliveries},
            "attempt_count_of": {str(i): count for i, *_, count in deliveries},
            "attempts_of": attempts_of,
            "attempts": dict(Counter(row[3] for rows in attempts_of.values() for row in rows)),
            "jitter": JITTER,
            "settings": {
                name: getattr(settings, name, None)
                for name in (
                    "CALLBACK_LEASE_SECONDS",
                    "CALLBACK_REQUEUE_AFTER",
                    "CALLBACK_SWEEP_INTERVAL",
                    "CALLBACK_RETRY_SCHEDULE",
                    "CALLBACK_TIMEOUT",  # None before the setting exists
                )
            },
        }
