"""Which assessment an organization may send under a test id, with a short in-process trust.

Every invitation asks (send_test, Ashby's assessment.start). The answer changes only when an
account manager edits the catalog or an organization, so a process trusts an answer it has read for
settings.SENDABLE_ASSESSMENT_TRUST_SECONDS, in its own memory, as the partner API trusts a checked
key (ats_api/lookups.py): an invitation is then its INSERT alone. The read it saves was a round
trip and, mostly, compiling its queryset (a three-table join) on every request: about an eighth of
send_test's CPU in a profile (bench/README.md). Not the Django cache: with Redis, its GET costs a
round trip too.

Changes stay prompt: saving or deleting an assessment or an organization, or changing which
assessments an organization may send, empties this process's memory at once (AssessmentsConfig.
ready), and every other process reads again within the trust. Only answers that allow sending are
kept: an assessment just enabled is sendable at once everywhere. The tests set the trust to 0 but
for those of the trust itself: a clock in query counts is flaky.
"""

from dataclasses import dataclass
from time import monotonic

from django.conf import settings
from django.db.models import F

from assessments.compiled_reads import ID, TEXT, CompiledRead
from assessments.models import Assessment

# Organizations times the assessments each may send; the bound only stops unknown ids piling up.
MAX_TRUSTED = 10_000


@dataclass(frozen=True)
class SendableAssessment:
    assessment_id: int
    valid_days: int
    """The organization's invitation_valid_days."""


# One read answers both "may this organization send it?" and "for how many days?"; test_id is
# unique, so no ordering (the model's would make PostgreSQL sort). Its SQL is compiled once
# (compiled_reads.py): each process reads it again for every organization and test each
# SENDABLE_ASSESSMENT_TRUST_SECONDS, and compiling the three-table join cost more than the read.
_SENDABLE = CompiledRead(
    lambda test_id, organization_id: (
        Assessment.objects.filter(test_id=test_id, organizations=organization_id)
        .order_by()
        .values_list("id", F("organizations__invitation_valid_days"))[:1]
    ),
    markers=(TEXT, ID),
)

# (organization id, test id): (trusted until, on the monotonic clock; the answer).
_trusted: dict[tuple[int, str], tuple[float, SendableAssessment]] = {}


def find_sendable_assessment(*, organization_id: int, test_id: str) -> SendableAssessment | None:
    """The assessment `test_id` names if the organization may send it, else None."""
    trust_seconds = settings.SENDABLE_ASSESSMENT_TRUST_SECONDS
    trusted = _trusted.get((organization_id, test_id)) if trust_seconds > 0 else None
    if trusted is not None and trusted[0] > monotonic():
        return trusted[1]
    rows = _SENDABLE.rows(test_id, organization_id)
    if not rows:
        return None
    sendable = SendableAssessment(assessment_id=rows[0][0], valid_days=rows[0][1])
    if trust_seconds > 0:
        if len(_trusted) >= MAX_TRUSTED:
            _trusted.clear()
        _trusted[(organization_id, test_id)] = (monotonic() + trust_seconds, sendable)
    return sendable


def forget_sendable_assessments(**_signal) -> None:
    """Connected to the catalog's and the organizations' changes (AssessmentsConfig.ready)."""
    _trusted.clear()
