from assessments.models.catalog import Assessment, AssessmentField
from assessments.models.email_templates import EmailKind, EmailTemplate
from assessments.models.erasures import Erasure
from assessments.models.error_reports import ErrorReport
from assessments.models.interviews import Interview, InterviewStatus
from assessments.models.organizations import ApiKey, Organization
from assessments.models.runtime_events import RuntimeEvent
from assessments.models.transcripts import TranscriptEntry

__all__ = [
    "ApiKey",
    "Assessment",
    "AssessmentField",
    "EmailKind",
    "EmailTemplate",
    "Erasure",
    "ErrorReport",
    "Interview",
    "InterviewStatus",
    "Organization",
    "RuntimeEvent",
    "TranscriptEntry",
]
