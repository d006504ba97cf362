"""The drills' checks of the faulty receivers and of Ashby's updates, from their records after the run.

`check_receivers`: every delivery ends, on schedule, and no attempt holds a worker thread past
CALLBACK_TIMEOUT plus a second, from the attempts the database recorded (Monitor.facts) and the
faulty receivers' records (tests/support/https_sink.py --answer).
`check_updates`: the two updates of an Ashby interview are one ordered sequence
(ats_api/ashby/updates.py), so none is lost, a Completed never arrives before its Started, and each
interview's timestamps only go up.
An attempt recorded as lost (its worker died, or could not record its outcome) is stamped when the
next attempt claims the delivery, so the gap after it says nothing: that re-send waits for the
lease, not for the schedule.
"""

import json
import math
from collections import Counter
from itertools import pairwise
from pathlib import Path

# An attempt's start is stamped by the worker; the next one's may come a few ms early by rounding.
TOLERANCE = 0.05
GRACE = 1.0  # the limit: CALLBACK_TIMEOUT plus a second


def check_receivers(facts: dict, receiver_of: dict, records: dict[str, Path], cut_off: Counter, timeout: float) -> dict:
    """A row per receiver (sink, then the faulty ones) and the checks, each with its figure and verdict.

    cut_off counts, per delivery, the attempts a drill cut off mid-flight (a killed worker, a stopped
    database): each is sent again when its lease ends, one more than the schedule's, by design.
    """
    schedule = facts["settings"]["CALLBACK_RETRY_SCHEDULE"]
    # The healthy receivers (the sink, Ashby's) first, then the faulty ones.
    healthy = [name for name in dict.fromkeys(receiver_of.values()) if name not in records]
    rows = {name: _row(name, facts, receiver_of, cut_off, schedule) for name in [*healthy, *records]}
    for name, record in records.items():
        requests = [json.loads(line) for line in record.read_text().splitlines() if line.strip()]
        rows[name]["longest_held_s"] = max((r["held"] for r in requests if "held" in r), default=None)
        rows[name]["ended"] = dict(Counter(r.get("ended", "cut short") for r in requests))
    limit = timeout + GRACE
    longest_attempt = max((row["longest_attempt_s"] or 0 for row in rows.values()), default=0)
    longest_held = max((row["longest_held_s"] or 0 for row in rows.values()), default=0)
    waits = ", ".join(f"{wait * (1 - facts['jitter']):g}" for wait in schedule[1:])
    checks = [
        _count("deliveries not ended (neither succeeded nor failed)", rows, "not_ended"),
        _count(
            f"deliveries with more attempts than the schedule's {len(schedule)}, not counting cut-off ones",
            rows,
            "beyond",
        ),
        _count(f"deliveries with an attempt sooner than the schedule allows (waits {waits} s)", rows, "early"),
        {
            "check": f"longest attempt, DeliveryAttempt.duration_ms (≤ CALLBACK_TIMEOUT {timeout:g} s + 1 s)",
            "figure": f"{longest_attempt:.1f} s",
            "met": longest_attempt <= limit,
        },
        {
            "check": f"longest a faulty receiver's connection stayed open, by its clock (≤ {limit:g} s)",
            "figure": f"{longest_held:.1f} s",
            "met": longest_held <= limit,
        },
    ]
    return {"receivers": rows, "checks": checks}


def _row(name: str, facts: dict, receiver_of: dict[str, str], cut_off: Counter, schedule: list[int]) -> dict:
    ids = [i for i, receiver in receiver_of.items() if receiver == name]
    statuses = Counter(facts["status_of"][i] for i in ids)
    attempts = [facts["attempts_of"].get(i, []) for i in ids]
    durations = [duration for rows in attempts for _, _, duration, _ in rows if duration is not None]
    return {
        "deliveries": len(ids),
        "succeeded": statuses["succeeded"],
        "failed": statuses["failed"],
        "not_ended": statuses["pending"],
        "most_attempts": max((facts["attempt_count_of"][i] for i in ids), default=0),
        "cut_off_by_drills": sum(cut_off[i] for i in ids),
        "lost_attempts": sum(outcome == "lost" for rows in attempts for *_, outcome in rows),
        "beyond": sum(facts["attempt_count_of"][i] - cut_off[i] > len(schedule) for i in ids),
        "early": sum(_early(rows, schedule, facts["jitter"]) for rows in attempts),
        "longest_attempt_s": max(durations) / 1000 if durations else None,
        "longest_held_s": None,
    }


def _early(attempts: list[tuple], schedule: list[int], jitter: float) -> bool:
    """Whether an attempt started before the schedule's wait (less its jitter) after the one before."""
    for (number, started, _, outcome), (_, next_started, _, _) in pairwise(attempts):
        if outcome == "lost":
            continue
        # schedule[n] is the wait before try n + 1; after a success or the last try, none is due.
        done = outcome in ("succeeded", "permanent") or number >= len(schedule)
        allowed = math.inf if done else schedule[number] * (1 - jitter)
        if next_started - started < allowed - TOLERANCE:
            return True
    return False


def _count(what: str, rows: dict, key: str) -> dict:
    """A check that no delivery of any receiver is counted under key."""
    total = sum(row[key] for row in rows.values())
    figure = f"{total} ({', '.join(f'{name} {row[key]}' for name, row in rows.items())})"
    return {"check": what, "figure": figure, "met": total == 0}


def markdown_checks(result: dict) -> str:
    lines = [
        "| receiver | deliveries | succeeded | failed | not ended | most attempts | "
        "attempts lost (cut off by a drill) | longest attempt (s) | longest held open (s, receiver's clock) | "
        "how its connections ended |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, row in result["receivers"].items():
        ended = ", ".join(f"{n} {how}" for how, n in row.get("ended", {}).items()) or "n/a"
        lines.append(
            f"| {name} | {row['deliveries']} | {row['succeeded']} | {row['failed']} | {row['not_ended']} | "
            f"{row['most_attempts']} | {row['lost_attempts']} ({row['cut_off_by_drills']}) | "
            f"{_seconds(row['longest_attempt_s'])} | {_seconds(row['longest_held_s'])} | {ended} |"
        )
    if "ashby" in result:
        a = result["ashby"]
        lines += [
            "",
            f"Ashby: {a['interviews']} interviews, {a['updates']} updates, {a['requests']} requests received "
            f"({a['repeats']} repeats), {a['lost']} lost, {a['completed_before_started']} out of order.",
        ]
    lines += ["", "| check | figure | met |", "| --- | --- | --- |"]
    lines += [f"| {c['check']} | {c['figure']} | {'yes' if c['met'] else '**no**'} |" for c in result["checks"]]
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def check_updates(record: Path, expected: dict[str, tuple[str, int]], status_of: dict[str, str]) -> dict:
    """Figures and checks of what the Ashby receiver recorded, in its order of arrival."""
    lines = [json.loads(line) for line in record.read_text().splitlines() if line.strip()]
    bodies = [json.loads(line["body"]) for line in lines if not line.get("truncated")]
    received = [(body["assessment_id"], body["timestamp"], body["assessment_status"]["value"]) for body in bodies]
    got = {(assessment_id, timestamp) for assessment_id, timestamp, _ in received}
    lost = sum(key not in got for key in expected.values())
    not_succeeded = sum(status_of[i] != "succeeded" for i in expected)
    heard: dict[str, list[tuple[int, str]]] = {}
    for assessment_id, timestamp, status in received:
        heard.setdefault(assessment_id, []).append((timestamp, status))
    # A repeat (a worker killed after Ashby heard it) carries the same timestamp: allowed; going back is not.
    completed_first = sum(_completed_first(updates) for updates in heard.values())
    backwards = sum(any(b[0] < a[0] for a, b in pairwise(updates)) for updates in heard.values())
    figures = {
        "interviews": len({assessment_id for assessment_id, _ in expected.values()}),
        "updates": len(expected),
        "requests": len(received),
        "repeats": len(received) - len(got),
        "lost": lost,
        "not_succeeded": not_succeeded,
        "completed_before_started": completed_first,
        "timestamps_back": backwards,
    }
    checks = [
        {"check": "Ashby updates lost (queued, never received)", "figure": str(lost), "met": lost == 0},
        {"check": "Ashby updates not succeeded", "figure": str(not_succeeded), "met": not_succeeded == 0},
        {
            "check": "Ashby assessments whose Completed arrived before (or without) its Started",
            "figure": str(completed_first),
            "met": completed_first == 0,
        },
        {
            "check": "Ashby assessments whose timestamps went back as received (repeats may equal)",
            "figure": str(backwards),
            "met": backwards == 0,
        },
    ]
    return {"ashby": figures, "checks": checks}


def _completed_first(updates: list[tuple[int, str]]) -> bool:
    """Whether a Completed arrived with no Started before it, or a Started came after a Completed."""
    statuses = [status for _, status in updates]
    if "Completed" not in statuses:
        return False
    first_completed = statuses.index("Completed")
    return "Started" not in statuses[:first_completed] or "Started" in statuses[first_completed:]
