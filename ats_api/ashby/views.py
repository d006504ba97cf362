"""Ashby's three partner routes (contract section 7). Each validates, calls a service and answers
in Ashby's envelope."""

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ParseError, Throttled
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.models import Assessment, Interview, InterviewStatus
from assessments.services.interviews import AssessmentNotAvailable, invite_candidate
from assessments.services.lifecycle import TransitionRefused, cancel_interview
from ats_api.ashby import schema
from ats_api.ashby.errors import CannotProceed, ashby_exception_handler
from ats_api.ashby.integration import ASHBY
from ats_api.ashby.schema import errors
from ats_api.ashby.serializers import (
    CLOSED_APPLICATION_STATUSES,
    AshbyAssessmentIdSerializer,
    AshbyAssessmentTypeSerializer,
    AshbyStartedSerializer,
    AshbyStartSerializer,
    recruiter_message,
)
from ats_api.authentication import HasOrganizationKey, OrganizationKeyAuthentication
from ats_api.throttling import ApiKeyRateThrottle
from mariohr.api_requests import JsonWhateverTheAcceptHeader
from mariohr.api_schema import RETRY_AFTER, WWW_AUTHENTICATE_BASIC

# Every route answers 401 and 429 with these headers.
ANSWER_HEADERS = [WWW_AUTHENTICATE_BASIC, RETRY_AFTER]


def envelope(name: str, results) -> OpenApiResponse:
    return OpenApiResponse(
        inline_serializer(name, {"success": serializers.BooleanField(default=True), "results": results}),
        'Done: Ashby\'s envelope, `{"success": true, "results": ...}`.',
    )


class AshbyView(APIView):
    content_negotiation_class = JsonWhateverTheAcceptHeader
    authentication_classes = [OrganizationKeyAuthentication]
    permission_classes = [HasOrganizationKey]
    throttle_classes = [ApiKeyRateThrottle]

    def get_exception_handler(self):
        return ashby_exception_handler

    def throttled(self, request, wait):
        raise Throttled(wait, detail=f"too many requests for this API key (API_RATE_LIMIT {settings.API_RATE_LIMIT}).")

    @property
    def organization_id(self) -> int:
        return self.request.auth.organization_id

    def body(self) -> dict:
        """The JSON object sent; an empty body is an empty object (Ashby sends `{}` to list)."""
        data = self.request.data
        if not isinstance(data, dict):
            raise ParseError("body: expected a JSON object.")
        return data


def success(results) -> Response:
    return Response({"success": True, "results": results})


class ListView(AshbyView):
    @extend_schema(
        operation_id="ashby_assessment_list",
        request=inline_serializer("AshbyListRequest", {}),
        parameters=ANSWER_HEADERS,
        responses={200: envelope("AshbyListResults", AshbyAssessmentTypeSerializer(many=True)), **errors()},
        **schema.LIST,
    )
    def post(self, request):
        self.body()
        assessments = Assessment.objects.filter(organizations=self.organization_id).only("uuid", "name", "description")
        return success(AshbyAssessmentTypeSerializer(assessments, many=True).data)


class StartView(AshbyView):
    @extend_schema(
        operation_id="ashby_assessment_start",
        request=AshbyStartSerializer,
        parameters=ANSWER_HEADERS,
        responses={200: envelope("AshbyStartResults", AshbyStartedSerializer()), **errors(422)},
        **schema.START,
    )
    def post(self, request):
        serializer = AshbyStartSerializer(data=self.body())
        if not serializer.is_valid():
            raise CannotProceed(recruiter_message(serializer.errors, action="start"))
        data = serializer.validated_data
        if data["application"]["status"] in CLOSED_APPLICATION_STATUSES:
            raise CannotProceed(
                f"MarioHR does not start assessments for applications that are {data['application']['status']}."
            )
        # The uuid names the assessment; whether this organization may send it, invite_candidate says.
        test_id = Assessment.objects.filter(uuid=data["assessment_type_id"]).values_list("test_id", flat=True).first()
        try:
            if test_id is None:
                raise AssessmentNotAvailable(str(data["assessment_type_id"]))
            interview, _ = invite_candidate(
                organization_id=self.organization_id,
                test_id=test_id,
                candidate=serializer.validated_candidate(),
                integration=ASHBY,
                callback_url="",  # Ashby hears of progress at its own API (assessment.update)
                request_key=data["application"]["ashby_id"],
                sandbox=request.auth.sandbox,
            )
        except AssessmentNotAvailable:
            raise CannotProceed(
                "This assessment is not available to your organization in MarioHR. "
                "Ask your MarioHR account manager to enable it, or choose another assessment."
            ) from None
        return success({"assessment_id": interview.public_id})


class CancelView(AshbyView):
    @extend_schema(
        operation_id="ashby_assessment_cancel",
        request=AshbyAssessmentIdSerializer,
        parameters=ANSWER_HEADERS,
        responses={200: envelope("AshbyCancelResults", AshbyAssessmentIdSerializer()), **errors(404, 422)},
        **schema.CANCEL,
    )
    def post(self, request):
        serializer = AshbyAssessmentIdSerializer(data=self.body())
        if not serializer.is_valid():
            raise CannotProceed(recruiter_message(serializer.errors, action="cancel"))
        public_id = serializer.validated_data["assessment_id"]
        # Another organization's, or another ATS's, interview answers as if it did not exist.
        interview = (
            Interview.objects.for_organization(self.organization_id)
            .filter(public_id=public_id, integration=ASHBY)
            .first()
        )
        if interview is None:
            raise NotFound(f"assessment_id: no assessment '{public_id}'")
        try:
            # Ashby asked for it: no cancelled_reason goes back to Ashby for its own cancel.
            cancel_interview(interview=interview, by_integration=True)
        except TransitionRefused as refused:
            # Already cancelled or expired: nothing left to stop, and Ashby may be retrying.
            if refused.current == InterviewStatus.SCORED:
                raise CannotProceed(
                    "The candidate has completed this assessment and it has been scored; it cannot be cancelled."
                ) from None
        return success({"assessment_id": interview.public_id})
