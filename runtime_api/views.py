"""The runtime route: the assessment engine reports an interview's progress, one event a request."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.models import Interview
from assessments.services.lifecycle import TransitionRefused
from assessments.services.results import AlreadyScored
from assessments.services.runtime_events import EventIdReused, EventOutOfOrder, record_event
from mariohr.api_schema import error
from runtime_api.authentication import IsRuntimeEngine, RuntimeTokenAuthentication
from runtime_api.schema import ERROR_EXAMPLES, RECORD_EVENT_DESCRIPTION
from runtime_api.serializers import EVENT_REQUEST, EventAcceptedSerializer, validated_event
from runtime_api.statuses import RUNTIME_STATUS

PUBLIC_ID_MAX_LENGTH = Interview._meta.get_field("public_id").max_length


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def interview_or_404(public_id: str) -> Interview:
    interview = None
    # A NUL character is an error in a PostgreSQL query (a 500), and no id contains one.
    if "\x00" not in public_id and len(public_id) <= PUBLIC_ID_MAX_LENGTH:
        interview = Interview.objects.filter(public_id=public_id).first()
    if interview is None:
        raise NotFound(f"partner_interview_id: no interview '{public_id}'")
    return interview


class InterviewEventsView(APIView):
    authentication_classes = [RuntimeTokenAuthentication]
    permission_classes = [IsRuntimeEngine]

    @extend_schema(
        operation_id="record_runtime_event",
        summary="Report one event of an interview (assessment engine only)",
        parameters=[
            OpenApiParameter(
                "partner_interview_id",
                {"type": "string", "minLength": 1},
                OpenApiParameter.PATH,
                description="The interview's id, as send_test returned it.",
            )
        ],
        request=EVENT_REQUEST,
        description=RECORD_EVENT_DESCRIPTION,
        responses={
            202: OpenApiResponse(
                EventAcceptedSerializer,
                "Applied, or already applied under the same id.",
                examples=[OpenApiExample("Started", value={"status": "started"})],
            ),
            400: error(
                "Malformed event, or a time in the future or out of order; each message names the field.",
                *ERROR_EXAMPLES[400],
            ),
            401: error(
                'Missing or wrong runtime token (with `WWW-Authenticate: Bearer realm="MarioHR"`).',
                *ERROR_EXAMPLES[401],
            ),
            404: error("Unknown interview id.", *ERROR_EXAMPLES[404]),
            409: error(
                "The interview's status does not allow this event, it was already scored, or the id was "
                "used by another event.",
                *ERROR_EXAMPLES[409],
            ),
            413: error("Body larger than 1 MiB.", *ERROR_EXAMPLES[413]),
            415: error("Body is not application/json.", *ERROR_EXAMPLES[415]),
        },
        examples=[
            OpenApiExample(
                "Started", request_only=True, value={"id": "e1", "type": "started", "at": "2026-05-21T10:00:00Z"}
            ),
            OpenApiExample(
                "Transcript",
                request_only=True,
                value={
                    "id": "e2",
                    "type": "transcript",
                    "entries": [
                        {
                            "speaker": "candidate",
                            "text": "I'd start with the failing test.",
                            "at": "2026-05-21T10:01:00Z",
                        }
                    ],
                },
            ),
            OpenApiExample(
                "Recording",
                request_only=True,
                value={"id": "e3", "type": "recording", "s3_key": "recordings/2026/05/21/interview.webm"},
            ),
            OpenApiExample(
                "Completed",
                request_only=True,
                value={"id": "e4", "type": "completed", "at": "2026-05-21T11:25:00Z"},
            ),
            OpenApiExample(
                "Scored",
                request_only=True,
                value={
                    "id": "e9",
                    "type": "scored",
                    "breakdown": [{"name": "Correctness", "score": 45, "max": 60, "comment": "Found the bug."}],
                },
            ),
        ],
    )
    def post(self, request, partner_interview_id: str):
        interview = interview_or_404(partner_interview_id)
        event = validated_event(request.data)
        try:
            interview = record_event(interview=interview, event=event)
        except AlreadyScored as scored:
            raise Conflict(f"type: {scored}") from None
        except TransitionRefused as refused:
            current = RUNTIME_STATUS[refused.current]
            raise Conflict(f"type: a '{event['type']}' event cannot be applied to a {current} interview") from None
        except EventIdReused as reused:
            raise Conflict(f"id: {reused}") from None
        except EventOutOfOrder as disorder:
            raise ValidationError({disorder.field: str(disorder)}) from None
        return Response({"status": RUNTIME_STATUS[interview.status]}, status=status.HTTP_202_ACCEPTED)
