"""Request and response shapes of Ashby's assessment partner API, field for field as Ashby names them."""

from rest_framework import serializers

from assessments.services.interviews import Candidate
from mariohr.api_requests import StringField

# Applications past these stages have no use for an assessment (Ashby's application statuses).
CLOSED_APPLICATION_STATUSES = {"Hired", "Archived"}

# What a recruiter calls each field, for the message Ashby shows them when it is missing or wrong.
FIELD_WORDS = {
    "assessment_type_id": "the assessment type",
    "candidate": "the candidate",
    "candidate.ashby_id": "the candidate's Ashby id",
    "candidate.first_name": "the candidate's first name",
    "candidate.last_name": "the candidate's last name",
    "candidate.email": "the candidate's email address",
    "candidate.ashby_profile_url": "the candidate's Ashby profile link",
    "application": "the application",
    "application.ashby_id": "the application's Ashby id",
    "application.status": "the application's status",
    "job": "the job",
    "job.ashby_id": "the job's Ashby id",
    "job.name": "the job's name",
    "job.ashby_job_url": "the job's Ashby link",
    "assessment_id": "the assessment",
}


def optional_text(max_length: int) -> serializers.CharField:
    return StringField(max_length=max_length, required=False, allow_null=True, allow_blank=True)


class AshbyAssessmentTypeSerializer(serializers.Serializer):
    assessment_type_id = serializers.UUIDField(source="uuid")
    name = serializers.CharField()
    description = serializers.CharField()


class AshbyCandidateSerializer(serializers.Serializer):
    ashby_id = StringField(max_length=255)
    first_name = optional_text(255)
    last_name = optional_text(255)
    email = serializers.EmailField(max_length=254)
    ashby_profile_url = optional_text(4000)


class AshbyApplicationSerializer(serializers.Serializer):
    # The key of the request: the same application and assessment type again is one interview.
    ashby_id = StringField(max_length=255)
    status = StringField(max_length=100)


class AshbyJobSerializer(serializers.Serializer):
    ashby_id = StringField(max_length=255)
    name = StringField(max_length=255)
    ashby_job_url = optional_text(4000)
    req_id = optional_text(255)
    # Read by nobody here, and its shape is Ashby's business: any JSON value passes.
    hiringTeam = serializers.JSONField(required=False, allow_null=True)


class AshbyStartSerializer(serializers.Serializer):
    assessment_type_id = serializers.UUIDField()
    candidate = AshbyCandidateSerializer()
    application = AshbyApplicationSerializer()
    job = AshbyJobSerializer()
    additional_fields = serializers.JSONField(required=False, allow_null=True)

    def validated_candidate(self) -> Candidate:
        data = self.validated_data["candidate"]
        return Candidate(
            email=data["email"],
            first_name=data.get("first_name") or "",
            last_name=data.get("last_name") or "",
            profile_url=data.get("ashby_profile_url") or "",
        )


class AshbyAssessmentIdSerializer(serializers.Serializer):
    assessment_id = StringField(max_length=64, help_text="The id assessment.start returned.")


def recruiter_message(errors: dict, *, action: str) -> str:
    """One sentence for the recruiter about the first problem DRF found in the request to `action`."""
    path, problem = _first_problem(errors)
    what = FIELD_WORDS.get(path, path or "the request")
    if problem in {"required", "null", "blank"}:
        return f"MarioHR could not {action} the assessment: {what} is missing."
    return f"MarioHR could not {action} the assessment: {what} is not valid."


def _first_problem(errors, path: str = "") -> tuple[str, str]:
    if isinstance(errors, dict):
        key, value = next(iter(errors.items()))
        inner = path if key == "non_field_errors" else (f"{path}.{key}" if path else str(key))
        return _first_problem(value, inner)
    if isinstance(errors, list) and errors:
        return _first_problem(errors[0], path)
    return path, getattr(errors, "code", "invalid")


class AshbyStartedSerializer(serializers.Serializer):
    assessment_id = serializers.CharField(help_text="MarioHR's id of the assessment; Ashby sends it to cancel.")
