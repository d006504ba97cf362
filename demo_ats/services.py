"""What the demo ATS receiver keeps of each callback it accepts."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from demo_ats.models import ReceivedCallback

# The receiver keeps the newest this many; older ones go as new ones come.
KEEP_CALLBACKS = 1000

RESULTS_CALLBACK = "Results callback"
ASHBY_UPDATE = "Ashby assessment.update"


@dataclass(frozen=True)
class Summary:
    interview_id: str
    status: str
    score: str


def summarize(*, kind: str, body: dict) -> Summary:
    """The interview id, status and score as each wire format carries them (contract sections 2, 7)."""
    if kind == ASHBY_UPDATE:
        status = _value(body.get("assessment_status")) or _value(body.get("cancelled_reason"))
        return Summary(_text(body.get("assessment_id")), status, _value(body.get("assessment_result")))
    return Summary(
        _text(body.get("partner_interview_id")), _text(body.get("partner_status")), _text(body.get("partner_score"))
    )


@transaction.atomic
def record_callback(
    *, method: str, path: str, kind: str, body: dict, idempotency_key: str, keep: int = KEEP_CALLBACKS
) -> ReceivedCallback:
    """Store one accepted callback and drop those past the newest `keep`. Returns the new row."""
    summary = summarize(kind=kind, body=body)
    received = ReceivedCallback.objects.create(
        received_at=timezone.now(),
        method=method,
        path=path[:2048],
        kind=kind,
        interview_id=summary.interview_id[:200],
        status=summary.status[:100],
        score=summary.score[:100],
        idempotency_key=idempotency_key[:200],
        body=body,
    )
    oldest_kept = list(ReceivedCallback.objects.order_by("-id").values_list("id", flat=True)[keep - 1 : keep])
    if oldest_kept:
        ReceivedCallback.objects.filter(id__lt=oldest_kept[0]).delete()
    return received


def _value(typed) -> str:
    """The value of one of Ashby's typed values ({"identifier", "label", "type", "value"})."""
    return _text(typed.get("value")) if isinstance(typed, dict) else ""


def _text(value) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)
