from assessments.models.catalog import Assessment, AssessmentField
from assessments.models.error_reports import ErrorReport
from assessments.models.interviews import Interview, InterviewStatus
from assessments.models.organizations import ApiKey, Organization
from assessments.models.transcripts import TranscriptEntry

__all__ = [
    "ApiKey",
    "Assessment",
    "AssessmentField",
    "ErrorReport",
    "Interview",
    "InterviewStatus",
    "Organization",
    "TranscriptEntry",
]
