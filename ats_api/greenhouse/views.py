"""The four Greenhouse partner routes. Each validates, calls a service and serializes."""

import re

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.compiled_reads import ID, TEXT, CompiledRead
from assessments.models import Assessment, Interview
from assessments.services.error_reports import record_error_report
from assessments.services.interviews import AssessmentNotAvailable, invite_candidate
from ats_api.authentication import HasOrganizationKey, OrganizationKeyAuthentication
from ats_api.greenhouse import schema
from ats_api.greenhouse.representations import GREENHOUSE, STATUS_FIELDS, status_payload
from ats_api.greenhouse.schema import errors
from ats_api.greenhouse.serializers import (
    ANY_JSON_OBJECT,
    AssessmentSerializer,
    ResponseErrorAckSerializer,
    SendTestResponseSerializer,
    SendTestSerializer,
    TestStatusSerializer,
)
from ats_api.throttling import ApiKeyRateThrottle
from mariohr.api_requests import JsonWhateverTheAcceptHeader
from mariohr.api_schema import RETRY_AFTER, WWW_AUTHENTICATE_BASIC

# Every route answers 401 and 429 with these headers.
ANSWER_HEADERS = [WWW_AUTHENTICATE_BASIC, RETRY_AFTER]


PUBLIC_ID_MAX_LENGTH = Interview._meta.get_field("public_id").max_length
POLLED_COLUMNS = ("id", *STATUS_FIELDS)
# Every ATS polls test_status, and with the key trusted (ats_api/lookups.py) this read is all a
# poll does: compiling its queryset on every poll cost more of the worker than the read itself
# (assessments/compiled_reads.py, bench/README.md).
_POLLED_INTERVIEW = CompiledRead(
    lambda public_id, organization_id: Interview.objects.filter(
        public_id=public_id, organization_id=organization_id
    ).values_list(*POLLED_COLUMNS),
    markers=(TEXT, ID),
)


class PartnerView(APIView):
    content_negotiation_class = JsonWhateverTheAcceptHeader
    authentication_classes = [OrganizationKeyAuthentication]
    permission_classes = [HasOrganizationKey]
    throttle_classes = [ApiKeyRateThrottle]

    def throttled(self, request, wait):
        # DRF adds "Expected available in N seconds." and the Retry-After header.
        raise Throttled(wait, detail=f"too many requests for this API key (API_RATE_LIMIT {settings.API_RATE_LIMIT}).")

    @property
    def organization_id(self) -> int:
        return self.request.auth.organization_id


class ListTestsView(PartnerView):
    @extend_schema(
        operation_id="list_tests",
        parameters=ANSWER_HEADERS,
        responses={200: OpenApiResponse(AssessmentSerializer(many=True), "Your assessments."), **errors(401)},
        **schema.LIST_TESTS,
    )
    def get(self, request):
        assessments = Assessment.objects.filter(organizations=self.organization_id).only(
            "test_id", "name", "description"
        )
        return Response(AssessmentSerializer(assessments, many=True).data)


class SendTestView(PartnerView):
    @extend_schema(
        operation_id="send_test",
        request=SendTestSerializer,
        parameters=ANSWER_HEADERS,
        responses={
            200: OpenApiResponse(SendTestResponseSerializer, "Invited (or invited already: the same id)."),
            **errors(400, 401, 404, 413, 415),
        },
        **schema.SEND_TEST,
    )
    def post(self, request):
        serializer = SendTestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        body = serializer.validated_data
        try:
            interview, _ = invite_candidate(
                organization_id=self.organization_id,
                test_id=body.test_id,
                candidate=body.candidate,
                integration=GREENHOUSE,
                callback_url=body.callback_url,
                sent_by=body.sent_by,
                sandbox=request.auth.sandbox,
            )
        except AssessmentNotAvailable:
            raise NotFound(f"partner_test_id: no test '{body.test_id}' is available to you") from None
        # As test_status answers: the bytes DRF's Response would render, without its rendering
        # machinery (every ATS invites through this route).
        payload = {"partner_interview_id": interview.public_id}
        return HttpResponse(JSONRenderer().render(payload), content_type="application/json")


class TestStatusView(PartnerView):
    @extend_schema(
        operation_id="test_status",
        parameters=[
            OpenApiParameter(
                "partner_interview_id",
                {"type": "string", "minLength": 1},
                required=True,
                description="The id send_test returned.",
                examples=[OpenApiExample("An id send_test returned", value=schema.EXAMPLE_INTERVIEW_ID)],
            ),
            *ANSWER_HEADERS,
        ],
        responses={200: OpenApiResponse(TestStatusSerializer, "The interview's status."), **errors(400, 401, 404)},
        **schema.TEST_STATUS,
    )
    def get(self, request):
        public_id = request.query_params.get("partner_interview_id")
        if not public_id:
            raise ValidationError({"partner_interview_id": "This query parameter is required."})
        interview = None
        # A NUL character is an error in a PostgreSQL query (a 500), and no id contains one.
        if "\x00" not in public_id and len(public_id) <= PUBLIC_ID_MAX_LENGTH:
            rows = _POLLED_INTERVIEW.rows(public_id, self.organization_id)
            interview = Interview.from_db(Interview.objects.db, POLLED_COLUMNS, rows[0]) if rows else None
        if interview is None:
            raise NotFound(f"partner_interview_id: no interview '{public_id}'")
        # The bytes DRF's Response would render, without its per-request content negotiation and
        # rendering machinery (every ATS polls this route); DRF still adds the same headers in
        # finalize_response.
        return HttpResponse(JSONRenderer().render(status_payload(interview)), content_type="application/json")


# NUL and lone UTF-16 surrogates (json.loads pairs the valid ones) are JSON that PostgreSQL's
# jsonb refuses to store: kept as they are, an error report would be a 500.
UNSTORABLE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


def storable_json(value):
    """The value with each unstorable character replaced by U+FFFD, in keys and strings alike.

    Recursion is safe: the parser refuses bodies nested deeper than MAX_JSON_DEPTH.
    """
    if isinstance(value, str):
        return UNSTORABLE_CHARACTERS.sub("\ufffd", value)
    if isinstance(value, dict):
        return {storable_json(key): storable_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable_json(item) for item in value]
    return value


class ResponseErrorView(PartnerView):
    @extend_schema(
        operation_id="response_error",
        request=ANY_JSON_OBJECT,
        parameters=ANSWER_HEADERS,
        responses={200: OpenApiResponse(ResponseErrorAckSerializer, "Stored."), **errors(400, 401, 413, 415)},
        **schema.RESPONSE_ERROR,
    )
    def post(self, request):
        if not isinstance(request.data, dict):
            raise ValidationError({"body": "Expected a JSON object."})
        payload = storable_json(request.data)
        record_error_report(
            organization_id=self.organization_id,
            payload=payload,
            interview_public_id=payload.get("partner_interview_id"),
            call=payload.get("api_call"),
        )
        return Response({"status": 200})
