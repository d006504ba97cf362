"""The report of an interview: what a recruiter may see, and never a secret field."""

from django.conf import settings

from assessments.compiled_reads import CompiledRead, rows_together
from assessments.json_values import iso_utc, json_number
from assessments.models import AssessmentField, Interview, TranscriptEntry

# An allow-list: a field of the assessment is copied only if it is not secret, and only these keys.
SAFE_FIELD_KEYS = ("name", "label", "value")


# What the report reads besides the interview, by the interview's id, for report_parts.
FIELD_COLUMNS = ("id", "assessment_id", *SAFE_FIELD_KEYS, "secret", "position")
TRANSCRIPT_COLUMNS = ("id", "interview_id", "speaker", "text", "at")
_FIELDS = CompiledRead(
    lambda interview_id: AssessmentField.objects.filter(assessment__interviews=interview_id).values_list(*FIELD_COLUMNS)
)
_TRANSCRIPT = CompiledRead(
    lambda interview_id: TranscriptEntry.objects.filter(interview_id=interview_id).values_list(*TRANSCRIPT_COLUMNS)
)


def build_report(interview: Interview, *, fields=None, transcript=None) -> dict:
    """The report object of contract section 2: candidate, assessment, scoring, transcript.

    `fields` (the assessment's) and `transcript`, when given, are rows read already (report_parts).
    """
    assessment = interview.assessment
    fields = _related(assessment, "fields") if fields is None else fields
    transcript = _related(interview, "transcript") if transcript is None else transcript
    return {
        "candidate": {
            "name": interview.candidate_name,
            "email": interview.candidate_email,
            "first_name": interview.candidate_first_name,
            "last_name": interview.candidate_last_name,
            "preferred_name": interview.candidate_preferred_name,
        },
        "assessment": {
            "id": assessment.test_id,
            "name": assessment.name,
            "description": assessment.description,
            "fields": [{key: getattr(field, key) for key in SAFE_FIELD_KEYS} for field in fields if not field.secret],
        },
        "scoring": {
            "total": json_number(interview.score_total),
            "max": json_number(interview.score_max),
            "breakdown": [
                {
                    "name": item.get("name", ""),
                    "score": json_number(item.get("score")),
                    "max": json_number(item.get("max")),
                    "comment": item.get("comment", ""),
                }
                for item in interview.score_breakdown
            ],
        },
        "transcript": [{"speaker": entry.speaker, "text": entry.text, "at": iso_utc(entry.at)} for entry in transcript],
        # Made with a sandbox key: no candidate took it, the result is a sample (contract section 8).
        "sandbox": interview.sandbox,
    }


def report_parts(interview: Interview) -> tuple[list[AssessmentField], list[TranscriptEntry]]:
    """The assessment's fields and the interview's transcript, for build_report: those in Django's
    prefetch cache when the interview holds them (a sample: assessments.samples; an interview read
    with them: keep_report_parts), else read in one round trip with SQL compiled once (a worker
    builds a report for every callback attempt: compiled_reads.py)."""
    if interview.pk is None or "transcript" in getattr(interview, "_prefetched_objects_cache", {}):
        return list(_related(interview.assessment, "fields")), list(_related(interview, "transcript"))
    reads = (_FIELDS, (interview.pk,)), (_TRANSCRIPT, (interview.pk,))
    return _parts(*rows_together(*reads, using=Interview.objects.db))


def keep_report_parts(interview: Interview, field_rows: list, transcript_rows: list) -> None:
    """Put rows of FIELD_COLUMNS and TRANSCRIPT_COLUMNS, read by a caller with its own reads (a
    callback attempt reads them with its claim), in the prefetch cache of the interview and its
    assessment, where report_parts and build_report find them."""
    fields, transcript = _parts(field_rows, transcript_rows)
    _prefetched(interview.assessment)["fields"] = fields
    _prefetched(interview)["transcript"] = transcript


def _parts(field_rows: list, transcript_rows: list) -> tuple[list[AssessmentField], list[TranscriptEntry]]:
    db = Interview.objects.db
    fields = [AssessmentField.from_db(db, FIELD_COLUMNS, row) for row in field_rows]
    transcript = [TranscriptEntry.from_db(db, TRANSCRIPT_COLUMNS, row) for row in transcript_rows]
    return fields, transcript


def _prefetched(instance) -> dict:
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    return instance._prefetched_objects_cache


def _related(instance, name: str):
    """instance.<name>.all(), from Django's prefetch cache when it holds them: that is also how a
    sample, which is never saved (assessments.samples), brings its rows."""
    cached = getattr(instance, "_prefetched_objects_cache", {})
    return cached[name] if name in cached else getattr(instance, name).all()


def report_url(interview: Interview) -> str:
    """The report page's address, the one the ATS shows its users (contract section 3)."""
    return f"{settings.PUBLIC_BASE_URL}/api/report/{interview.public_id}"
