"""Runtime events as the assessment engine sends them (contract section 4): one serializer per type.

Strings go through DRF's CharField, which refuses NUL and unpaired surrogates with a 400:
PostgreSQL cannot store either, and a transcript that silently lost characters would be worse
than an engine told exactly which entry it has to fix.
"""

from django.utils import timezone
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from assessments import scoring
from assessments.models import Interview, RuntimeEvent, TranscriptEntry
from assessments.services.runtime_events import CLOCK_SKEW
from mariohr.api_requests import StringField
from runtime_api.statuses import RUNTIME_STATUS

EVENT_ID_MAX_LENGTH = RuntimeEvent._meta.get_field("event_id").max_length
SPEAKER_MAX_LENGTH = TranscriptEntry._meta.get_field("speaker").max_length
# S3 limits keys to 1024 bytes of UTF-8; the column holds as many characters.
S3_KEY_MAX_BYTES = Interview._meta.get_field("recording_s3_key").max_length


@extend_schema_field(
    {
        "oneOf": [{"type": "string", "minLength": 1, "maxLength": EVENT_ID_MAX_LENGTH}, {"type": "integer"}],
        "description": "Any id the engine chooses (a UUID, a sequence number); an event with an id "
        "already applied to this interview is not applied again.",
    }
)
class EventIdField(serializers.CharField):
    """A string, or an integer taken as its decimal digits; matched exactly, never trimmed."""

    def __init__(self, **kwargs):
        super().__init__(
            max_length=EVENT_ID_MAX_LENGTH, trim_whitespace=False, required=False, allow_null=True, **kwargs
        )

    def to_internal_value(self, data):
        # DRF's CharField would also take 4.5 or true and store "4.5" or "True".
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid")
        return super().to_internal_value(str(data))


class PastDateTimeField(serializers.DateTimeField):
    """A moment that has happened: at most CLOCK_SKEW ahead of our clock, for an engine whose
    clock runs a little fast. A later one is a wrong clock or a wrong field, refused with a 400."""

    default_error_messages = {
        "future": f"Must not be in the future (more than {int(CLOCK_SKEW.total_seconds())} seconds ahead of "
        "MarioHR's clock, {now})."
    }

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        now = timezone.now()
        if moment > now + CLOCK_SKEW:
            self.fail("future", now=now.isoformat(timespec="seconds").replace("+00:00", "Z"))
        return moment


@extend_schema_field({"type": "number", "minimum": 0, "maximum": scoring.MAX_POINTS})
class PointsField(serializers.Field):
    """A JSON number from 0 to MAX_POINTS (assessments.scoring), kept as sent (45 stays 45).

    DRF's numeric fields would also take "45" and true; a score is a number.
    """

    def to_internal_value(self, data):
        try:
            return scoring.check_points(data)
        except scoring.BreakdownInvalid as invalid:
            raise serializers.ValidationError(invalid.errors["points"]) from None

    def to_representation(self, value):
        return value


def event_type_field(name: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=[name], help_text=f'Always "{name}".')


class EventSerializer(serializers.Serializer):
    # Every event may carry an id; each subclass's docstring describes it in the OpenAPI schema.
    id = EventIdField()


class StartedEventSerializer(EventSerializer):
    """The candidate started: the interview goes from sent to started."""

    type = event_type_field("started")
    at = PastDateTimeField(help_text="When the candidate started (ISO 8601); not before the interview was sent.")


class TranscriptEntrySerializer(serializers.Serializer):
    speaker = StringField(max_length=SPEAKER_MAX_LENGTH)
    # Kept exactly as said: whitespace is not trimmed, and an empty utterance is allowed.
    text = StringField(allow_blank=True, trim_whitespace=False)
    at = PastDateTimeField()


class TranscriptEventSerializer(EventSerializer):
    """Utterances to append to the transcript of an interview started or submitted."""

    type = event_type_field("transcript")
    entries = serializers.ListField(
        child=TranscriptEntrySerializer(), allow_empty=False, min_length=1, help_text="Appended to the transcript."
    )


class RecordingEventSerializer(EventSerializer):
    """Where the session's recording is, for an interview started or submitted."""

    type = event_type_field("recording")
    s3_key = StringField(
        max_length=S3_KEY_MAX_BYTES,
        trim_whitespace=False,
        help_text="The key of the recording object in the RECORDINGS_BUCKET bucket.",
    )

    def validate_s3_key(self, value: str) -> str:
        if len(value.encode()) > S3_KEY_MAX_BYTES:
            raise serializers.ValidationError(f"S3 keys are at most {S3_KEY_MAX_BYTES} bytes of UTF-8.")
        return value


class CompletedEventSerializer(EventSerializer):
    """The candidate finished: the interview goes from started to submitted."""

    type = event_type_field("completed")
    at = PastDateTimeField(help_text="When the candidate finished (ISO 8601); not before they started.")


class BreakdownItemSerializer(serializers.Serializer):
    # The fields check the JSON types; the rules are assessments.scoring's, as in the admin.
    name = StringField(max_length=scoring.NAME_MAX_LENGTH)
    score = PointsField()
    max = PointsField()
    comment = StringField(
        required=False, allow_null=True, allow_blank=True, max_length=scoring.COMMENT_MAX_LENGTH, default=""
    )

    def validate(self, attrs: dict) -> dict:
        try:
            # Stored as plain JSON in the order the report shows it; a null comment is an empty one.
            return scoring.check_item(**attrs)
        except scoring.BreakdownInvalid as invalid:
            raise serializers.ValidationError(invalid.errors) from None


class ScoredEventSerializer(EventSerializer):
    """The scores: totals are computed, the interview becomes complete and the ATS is called back."""

    type = event_type_field("scored")
    breakdown = serializers.ListField(
        child=BreakdownItemSerializer(),
        allow_empty=False,
        min_length=1,
        max_length=scoring.MAX_ITEMS,
        help_text="The total and maximum are the sums of the items' score and max.",
    )


EVENT_SERIALIZERS: dict[str, type[EventSerializer]] = {
    "started": StartedEventSerializer,
    "transcript": TranscriptEventSerializer,
    "recording": RecordingEventSerializer,
    "completed": CompletedEventSerializer,
    "scored": ScoredEventSerializer,
}

# The request body as the OpenAPI schema shows it: one of the events, told apart by "type".
EVENT_REQUEST = PolymorphicProxySerializer(
    component_name="RuntimeEvent",
    serializers=EVENT_SERIALIZERS,
    resource_type_field_name="type",
)


class EventTypeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=list(EVENT_SERIALIZERS))


def validated_event(data) -> dict:
    """The request body as record_event takes it: {"type", its fields, "id" if one was sent}.

    Raises ValidationError whose messages name the field.
    """
    if not isinstance(data, dict):
        raise serializers.ValidationError({"body": "Expected a JSON object (one event)."})
    kind = EventTypeSerializer(data=data)
    kind.is_valid(raise_exception=True)
    serializer = EVENT_SERIALIZERS[kind.validated_data["type"]](data=data)
    serializer.is_valid(raise_exception=True)
    event = dict(serializer.validated_data)
    if event.get("id") is None:
        event.pop("id", None)
    return event


class EventAcceptedSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=list(RUNTIME_STATUS.values()), help_text="The interview's status, in test_status's words."
    )
