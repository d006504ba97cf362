"""The report of an interview: what a recruiter may see, and never a secret field."""

from django.conf import settings

from assessments.json_values import iso_utc, json_number
from assessments.models import Interview

# An allow-list: a field of the assessment is copied only if it is not secret, and only these keys.
SAFE_FIELD_KEYS = ("name", "label", "value")


def build_report(interview: Interview) -> dict:
    """The report object of contract section 2: candidate, assessment, scoring, transcript."""
    assessment = interview.assessment
    fields = _related(assessment, "fields")
    transcript = _related(interview, "transcript")
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
    }


def _related(instance, name: str):
    """instance.<name>.all(), from Django's prefetch cache when it holds them: that is also how a
    sample, which is never saved (assessments.samples), brings its rows."""
    cached = getattr(instance, "_prefetched_objects_cache", {})
    return cached[name] if name in cached else getattr(instance, name).all()


def report_url(interview: Interview) -> str:
    """The report page's address, the one the ATS shows its users (contract section 3)."""
    return f"{settings.PUBLIC_BASE_URL}/api/report/{interview.public_id}"
