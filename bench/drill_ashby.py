"""Ashby's assessment.update in the fault drills: N Ashby interviews, each with a Started and then a
Completed update queued, and what Ashby's receiver must have heard.

Not run on its own: bench/drills.py creates the updates once Django is set up (`create_updates`)
and checks the receiver's record after the run (`check_updates`). The two updates of an interview
are one ordered sequence (ats_api/ashby/updates.py), so the drills must lose neither, the Completed
must never arrive before its Started, and each interview's timestamps must only go up.
"""

import json
import time
from itertools import pairwise
from pathlib import Path

ASHBY_KEY = "bench-ashby-key"


def create_updates(count: int) -> dict[str, tuple[str, int]]:
    """Scored Ashby interviews of the bench organization, a Started and a Completed update of each
    due now, stamped as ats_api.ashby.updates.stamp would. Returns delivery id -> (assessment_id,
    timestamp). The Started rows are created first: the engine sends a sequence in created order."""
    from django.utils import timezone

    from assessments.models import Assessment, Interview, Organization
    from assessments.services.organizations import set_ats_credentials
    from ats_api.ashby.integration import ASHBY
    from ats_api.ashby.updates import COMPLETED, STARTED, update_url
    from bench.callbacks import BENCH_ORGANIZATION
    from callbacks.models import Delivery

    org = Organization.objects.get(slug=BENCH_ORGANIZATION)
    set_ats_credentials(organization=org, ashby_api_key=ASHBY_KEY)
    assessment = Assessment.objects.get(test_id="bench-test")
    interviews = Interview.objects.bulk_create(
        Interview(
            integration=ASHBY,
            organization=org,
            assessment=assessment,
            candidate_email=f"ashby{n}@example.com",
            callback_url=f"https://ashby.invalid/applications/{n}",
            status="scored",
            score_total=80,
            score_max=100,
            score_breakdown=[{"name": "All", "score": 80, "max": 100, "comment": ""}],
        )
        for n in range(count)
    )
    now, stamp = timezone.now(), int(time.time() * 1000)
    expected = {}
    for offset, message in enumerate((STARTED, COMPLETED)):
        deliveries = Delivery.objects.bulk_create(
            Delivery(
                interview=i,
                message=message,
                url=update_url(),
                next_attempt_at=now,
                queued_at=now,
                payload={"timestamp": stamp + offset},
            )
            for i in interviews
        )
        expected.update({str(d.id): (d.interview.public_id, stamp + offset) for d in deliveries})
    return expected


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
