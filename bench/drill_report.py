"""What the fault drills (bench/drills.py) measured: the sink's record against the database, as tables.

Not run on its own. `count_received` compares the sink's JSON-lines record with the deliveries
that were expected; `log_errors` reads the ERROR lines of the worker and beat logs so each drill
can say what the processes went through; `markdown` renders the result for the README.
"""

import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

CELERY_LOG_LINE = re.compile(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}): (ERROR|CRITICAL)/[^\]]*\] (.*)$")
TASK_RAISED = re.compile(r"raised unexpected: (\w+)")
# A request reaches the sink at most this long before the fault that stops its outcome being
# recorded (the sink answers in --sink-delay-ms), and the client gives up after DEADLINE.
IN_FLIGHT_BEFORE = 2.0
DEADLINE = 15.0


def count_received(record: Path, expected: dict[str, str]) -> dict:
    """Requests the sink recorded against the expected keys (delivery id -> partner_interview_id)."""
    lines = [json.loads(line) for line in record.read_text().splitlines() if line.strip()]
    requests = [line for line in lines if not line.get("truncated")]
    per_key = Counter(request["key"] for request in requests)
    received = set(per_key) & set(expected)
    wrong_body = sum(
        1
        for request in requests
        if request["key"] in expected and _interview_of(request["body"]) != expected[request["key"]]
    )
    arrivals: dict[str, list[float]] = {}
    for request in requests:
        arrivals.setdefault(request["key"], []).append(request["at"])
    return {
        "expected": len(expected),
        "requests": len(requests),
        "received_keys": len(received),
        "lost": len(expected) - len(received),
        "duplicates": len(requests) - len(per_key),
        "unexpected_keys": len(set(per_key) - set(expected)),
        "wrong_body": wrong_body,
        "truncated": len(lines) - len(requests),
        "lost_ids": sorted(set(expected) - received)[:50],
        # Arrival times of each key that came more than once, to find the fault that caused the repeat.
        "repeated": {key: times for key, times in arrivals.items() if len(times) > 1},
        "requests_per_repeated_key": dict(Counter(n for n in per_key.values() if n > 1)),
    }


def _interview_of(body: str) -> str | None:
    try:
        return json.loads(body).get("partner_interview_id")
    except (ValueError, AttributeError):
        return None


def log_errors(logdir: Path) -> list[tuple[float, str, str]]:
    """(wall time, role, kind) of every ERROR or CRITICAL line the worker and beat logged."""
    found = []
    for log in sorted(logdir.glob("*.log")):
        role = log.stem.split("-")[0]
        for line in log.read_text(errors="replace").splitlines():
            match = CELERY_LOG_LINE.match(line)
            if not match:
                continue
            # Celery stamps its lines in local time, as does datetime.timestamp() on a naive value.
            at = datetime.strptime(match[1], "%Y-%m-%d %H:%M:%S").timestamp() + int(match[2]) / 1000
            raised = TASK_RAISED.search(match[4])
            found.append((at, role, raised[1] if raised else _short(match[4])))
    return found


def _short(message: str) -> str:
    # Strip ids, addresses and counts so that the same error groups under one kind.
    return re.sub(r"\w+://\S+|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|\d+(\.\d+)?", "#", message)[:70]


def summarize_errors(errors: list[tuple[float, str, str]]) -> str:
    if not errors:
        return "no errors logged"
    kinds = Counter(f"{role}: {kind}" for _, role, kind in errors)
    return "; ".join(f"{n} x {kind}" for kind, n in kinds.most_common(3))


def analyse_drills(drills: list[dict], facts: dict, repeated: dict, restarts: list, errors: list) -> Counter:
    """Add to each drill what followed it; return how many repeated keys each drill (or none) caused.

    A key that arrived twice is put down to the first drill that struck while its first request
    could still be unrecorded (from just before it arrived until the client's deadline after);
    "none" counts repeats no drill explains (a lease that ran out under load, say).
    """
    done = [drill for drill in drills if not drill["skipped"]]
    bounds = [drill["at_wall"] for drill in done] + [float("inf")]
    repeats = Counter()
    for times in repeated.values():
        first, again = times[0], times[1]
        causes = [d["name"] for d in done if first - IN_FLIGHT_BEFORE <= d["at_wall"] <= min(again, first + DEADLINE)]
        repeats[causes[0] if causes else "none"] += 1
    finished_at = facts["finished_at"]
    for index, drill in enumerate(done):
        start, end = bounds[index], bounds[index + 1]
        after = [at for at in finished_at.values() if at > drill["end_wall"]]
        hit_finished = [finished_at.get(i) for i in drill.pop("hit_ids")]
        drill.update(
            resumed_after_s=min(after) - drill["end_wall"] if after else None,
            hit_delivered_after_s=max(hit_finished) - start if hit_finished and all(hit_finished) else None,
            duplicate_keys=repeats[drill["name"]],
            restarts=sum(start <= restart.died_at < end for restart in restarts),
            errors=summarize_errors([error for error in errors if start <= error[0] < end]),
        )
        drill["what"] += f"; logs: {drill['errors']}"
    return repeats


def markdown(result: dict) -> str:
    lines = [
        "| drill | at (s into the run) | delivered before | deliveries hit | what happened | "
        "outage (s) | deliveries resumed (s after) | all hit delivered (s after the fault) | "
        "duplicate keys | restarts |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for drill in result["drills"]:
        if drill["skipped"]:
            lines.append(f"| {drill['name']} | skipped: the backlog was drained first |" + " |" * 8)
            continue
        lines.append(
            f"| {drill['name']} | {drill['at_s']:.1f} | {drill['delivered_before']} | {drill['hit']} | "
            f"{drill['what']} | {drill['outage_s']:.1f} | {_seconds(drill['resumed_after_s'])} | "
            f"{_seconds(drill['hit_delivered_after_s'])} | {drill['duplicate_keys']} | {drill['restarts']} |"
        )
    totals = result["totals"]
    lines += [
        "",
        "| expected | received (distinct keys) | lost | duplicate requests | keys repeated outside the drills | "
        "cut short by a kill | not succeeded | wrong body | worker restarts | beat restarts | seconds to drain |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        f"| {totals['expected']} | {totals['received_keys']} | {totals['lost']} | {totals['duplicates']} | "
        f"{totals['duplicates_outside_the_drills']} | {totals['truncated']} | {totals['not_succeeded']} | "
        f"{totals['wrong_body']} | "
        f"{totals['worker_restarts']} | "
        f"{totals['beat_restarts']} | {_seconds(totals['seconds_to_drain'])} |",
    ]
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"
