"""Request and response shapes of the partner API, field for field as Greenhouse names them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import InterviewStatus
from assessments.services.interviews import Candidate
from ats_api.greenhouse.representations import PARTNER_STATUS, PARTNER_STATUS_WORDS
from callbacks.addresses import MAX_URL_LENGTH, CallbackURLRefused, wire_callback_url
from mariohr.api_requests import StringField


def optional_text(max_length: int, **kwargs) -> serializers.CharField:
    return StringField(max_length=max_length, required=False, allow_null=True, allow_blank=True, **kwargs)


# What the schema can say about a callback URL; its encoded length and its host are checked on use.
CALLBACK_URL_SCHEMA = {
    "type": "string",
    "format": "uri",
    "pattern": "^[Hh][Tt][Tt][Pp][Ss]://",
    "maxLength": MAX_URL_LENGTH,
}


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "maxLength": MAX_URL_LENGTH,
        # Blank counts as absent: the url inside candidate is used then.
        "anyOf": [CALLBACK_URL_SCHEMA, {"maxLength": 0}],
    }
)
class CallbackURLField(StringField):
    default_error_messages = {"max_length": "longer than {max_length} characters"}

    def __init__(self, **kwargs):
        # A longer url is longer on the wire too; SendTestSerializer checks the wire form.
        super().__init__(max_length=MAX_URL_LENGTH, required=False, allow_null=True, allow_blank=True, **kwargs)


@extend_schema_field({"oneOf": [{"type": "string", "minLength": 1, "maxLength": 100}, {"type": "integer"}]})
class TestIdField(serializers.CharField):
    """Greenhouse documents a string, but some integrations send the id as an integer."""

    def to_internal_value(self, data):
        if isinstance(data, float):
            self.fail("invalid")
        return super().to_internal_value(data)


class AssessmentSerializer(serializers.Serializer):
    partner_test_id = serializers.CharField(source="test_id")
    partner_test_name = serializers.CharField(source="name")
    description = serializers.CharField()


class CandidateSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    first_name = optional_text(255)
    last_name = optional_text(255)
    preferred_name = optional_text(255)
    phone_number = optional_text(100)
    resume_url = optional_text(4000)
    greenhouse_profile_url = optional_text(4000)
    url = optional_text(
        MAX_URL_LENGTH,
        help_text=(
            "Deprecated: older Greenhouse versions sent the callback url here. Used when the top-level url is absent."
        ),
    )


class SendTestSerializer(serializers.Serializer):
    # Matched exactly: an id that is only whitespace is an unknown id (404), not a blank one.
    partner_test_id = TestIdField(max_length=100, trim_whitespace=False)
    candidate = CandidateSerializer()
    url = CallbackURLField(
        help_text=(
            "Your HTTPS callback URL; MarioHR PATCHes results to it. Required here or in candidate.url. "
            "At most 2048 characters once encoded (IDNA host, percent-encoded path). Its host must be "
            "public: loopback, private, link-local, shared, multicast, reserved or metadata address "
            "literals are refused with 400; a host name is resolved and checked at each delivery."
        )
    )
    sent_by = optional_text(254)

    def validate(self, attrs: dict) -> dict:
        url = attrs.get("url") or attrs["candidate"].get("url")
        if not url:
            raise serializers.ValidationError({"url": "This field is required."})
        try:
            # Never waits on DNS (contract section 1): names are resolved at each delivery.
            attrs["url"] = wire_callback_url(url)
        except CallbackURLRefused as refusal:
            raise serializers.ValidationError({"url": str(refusal).removeprefix("url: ")}) from None
        return attrs

    def validated_candidate(self) -> Candidate:
        data = self.validated_data["candidate"]
        return Candidate(
            email=data["email"],
            first_name=data.get("first_name") or "",
            last_name=data.get("last_name") or "",
            preferred_name=data.get("preferred_name") or "",
            phone_number=data.get("phone_number") or "",
            resume_url=data.get("resume_url") or "",
            profile_url=data.get("greenhouse_profile_url") or "",
        )


class SendTestResponseSerializer(serializers.Serializer):
    partner_interview_id = serializers.CharField()


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]},
        "example": {"Started At": "2026-05-21T10:00:00.000Z", "Final Total": "82/100"},
    }
)
class MetadataField(serializers.DictField):
    pass


# One vocabulary: the docs name, beside each of Greenhouse's words, the status the MarioHR admin shows.
PARTNER_STATUS_HELP = (
    "The interview's status in Greenhouse's words; the MarioHR admin shows ours with these beside them: "
    + "; ".join(f"`{word}` = {InterviewStatus(ours).label}" for ours, word in PARTNER_STATUS.items())
    + ". Greenhouse acts only on `complete`."
)


class TestStatusSerializer(serializers.Serializer):
    partner_status = serializers.ChoiceField(choices=PARTNER_STATUS_WORDS, help_text=PARTNER_STATUS_HELP)
    partner_profile_url = serializers.URLField()
    partner_score = serializers.FloatField(allow_null=True)
    metadata = MetadataField()


class ResponseErrorAckSerializer(serializers.Serializer):
    status = serializers.IntegerField(default=200)


ANY_JSON_OBJECT = OpenApiTypes.OBJECT
