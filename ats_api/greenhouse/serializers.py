"""Request and response shapes of the partner API, field for field as Greenhouse names them."""

import re
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
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
        super().__init__(max_length=TEXT_LENGTHS["url"], required=False, allow_null=True, allow_blank=True, **kwargs)


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


# The lengths of the strings of a send_test body, read by its fields and by plainly_valid_send_test.
TEST_ID_LENGTH = 100
EMAIL_LENGTH = 254
CANDIDATE_TEXT_LENGTHS = {
    "first_name": 255,
    "last_name": 255,
    "preferred_name": 255,
    "phone_number": 100,
    "resume_url": 4000,
    "greenhouse_profile_url": 4000,
    "url": MAX_URL_LENGTH,
}
TEXT_LENGTHS = {"url": MAX_URL_LENGTH, "sent_by": 254}
# What DRF refuses in every string it reads (ProhibitNullCharactersValidator and
# ProhibitSurrogateCharactersValidator).
REFUSED_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


class CandidateSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=EMAIL_LENGTH)
    first_name = optional_text(CANDIDATE_TEXT_LENGTHS["first_name"])
    last_name = optional_text(CANDIDATE_TEXT_LENGTHS["last_name"])
    preferred_name = optional_text(CANDIDATE_TEXT_LENGTHS["preferred_name"])
    phone_number = optional_text(CANDIDATE_TEXT_LENGTHS["phone_number"])
    resume_url = optional_text(CANDIDATE_TEXT_LENGTHS["resume_url"])
    greenhouse_profile_url = optional_text(CANDIDATE_TEXT_LENGTHS["greenhouse_profile_url"])
    url = optional_text(
        CANDIDATE_TEXT_LENGTHS["url"],
        help_text=(
            "Deprecated: older Greenhouse versions sent the callback url here. Used when the top-level url is absent."
        ),
    )


class SendTestSerializer(serializers.Serializer):
    # Matched exactly: an id that is only whitespace is an unknown id (404), not a blank one.
    partner_test_id = TestIdField(max_length=TEST_ID_LENGTH, trim_whitespace=False)
    candidate = CandidateSerializer()
    url = CallbackURLField(
        help_text=(
            "Your HTTPS callback URL; MarioHR PATCHes results to it. Required here or in candidate.url. "
            "At most 2048 characters once encoded (IDNA host, percent-encoded path). Its host must be "
            "public: loopback, private, link-local, shared, multicast, reserved or metadata address "
            "literals are refused with 400; a host name is resolved and checked at each delivery."
        )
    )
    sent_by = optional_text(TEXT_LENGTHS["sent_by"])

    def to_internal_value(self, data) -> "SendTestRequest":
        # Nearly every send_test body is valid. One whose every field is plainly valid is taken as
        # the declared fields would take it, without building them: DRF deep-copies a serializer's
        # declared fields for each instance, which was most of send_test's validation
        # (bench/README.md). Any other body goes through the declared fields, which decide and word
        # the errors. The validated data is a SendTestRequest, not a dict: DRF then has no
        # read-only defaults to look for among the fields (Serializer.run_validators).
        values = plainly_valid_send_test(data)
        if values is None:
            values = super().to_internal_value(data)
        return SendTestRequest.from_values(values)

    def validate(self, attrs: "SendTestRequest") -> "SendTestRequest":
        if not attrs.callback_url:
            raise serializers.ValidationError({"url": "This field is required."})
        try:
            # Never waits on DNS (contract section 1): names are resolved at each delivery.
            return replace(attrs, callback_url=wire_callback_url(attrs.callback_url))
        except CallbackURLRefused as refusal:
            raise serializers.ValidationError({"url": str(refusal).removeprefix("url: ")}) from None


@dataclass(frozen=True)
class SendTestRequest:
    """SendTestSerializer's validated data."""

    test_id: str
    candidate: Candidate
    # The top-level url, else candidate.url (as older Greenhouse versions sent it); once
    # validated, as it goes on the wire.
    callback_url: str
    sent_by: str

    @classmethod
    def from_values(cls, values: dict) -> "SendTestRequest":
        """From the values the fields give (an optional string absent, None or blank is "")."""
        candidate = values["candidate"]
        return cls(
            test_id=values["partner_test_id"],
            candidate=Candidate(
                email=candidate["email"],
                first_name=candidate.get("first_name") or "",
                last_name=candidate.get("last_name") or "",
                preferred_name=candidate.get("preferred_name") or "",
                phone_number=candidate.get("phone_number") or "",
                resume_url=candidate.get("resume_url") or "",
                profile_url=candidate.get("greenhouse_profile_url") or "",
            ),
            callback_url=values.get("url") or candidate.get("url") or "",
            sent_by=values.get("sent_by") or "",
        )


def plainly_valid_send_test(data) -> dict | None:
    """The values SendTestSerializer's fields would give for `data`, when every one is plainly
    valid: each string a str (partner_test_id not blank, email a valid address), every length
    within its field's. None for anything else (an integer test id, a field to refuse), which the
    fields then decide. tests/ats_api/test_send_test_plain_validation.py holds the two to agree.
    """
    if type(data) is not dict or type(data.get("candidate")) is not dict:
        return None
    test_id = data.get("partner_test_id")
    # trim_whitespace=False: taken as sent.
    if type(test_id) is not str or not test_id or len(test_id) > TEST_ID_LENGTH or REFUSED_CHARACTERS.search(test_id):
        return None
    candidate = data["candidate"]
    email = candidate.get("email")
    if type(email) is not str:
        return None
    email = email.strip()
    if not email or len(email) > EMAIL_LENGTH or REFUSED_CHARACTERS.search(email):
        return None
    try:
        validate_email(email)  # the validator DRF's EmailField runs, with its own message
    except DjangoValidationError:
        return None
    plain_candidate = {"email": email}
    if not _optional_text(candidate, CANDIDATE_TEXT_LENGTHS, plain_candidate):
        return None
    plain = {"partner_test_id": test_id, "candidate": plain_candidate}
    if not _optional_text(data, TEXT_LENGTHS, plain):
        return None
    return plain


def _optional_text(data: dict, lengths: dict[str, int], into: dict) -> bool:
    """Put each field of `lengths` that `data` has into `into` as optional_text would take it
    (None kept, whitespace trimmed); False if one is not plainly valid."""
    for name, max_length in lengths.items():
        if name not in data:
            continue
        value = data[name]
        if value is not None:
            if type(value) is not str:
                return False
            value = value.strip()
            if len(value) > max_length or REFUSED_CHARACTERS.search(value):
                return False
        into[name] = value
    return True


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
