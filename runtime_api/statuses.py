"""The interview's status in the runtime API's answers (contract section 4).

These words are the runtime API's contract: the engine's authors read test_status's words there
(contract section 1), and they stay the same when an ATS's words change.
"""

from assessments.models import InterviewStatus

RUNTIME_STATUS = {
    InterviewStatus.INVITED: "sent",
    InterviewStatus.STARTED: "started",
    InterviewStatus.SUBMITTED: "submitted",
    InterviewStatus.SCORED: "complete",
    InterviewStatus.EXPIRED: "expired",
    InterviewStatus.CANCELLED: "cancelled",
}
