"""How the OpenAPI schema describes Ashby's assessment partner routes and the assessment.update
we send back (contract section 7). The views' extend_schema decorators take their words from here.

Examples work against `make run`'s demo: DEMO_TYPE_ID is the uuid of the demo catalog's
py-fastapi-review (assessments.models.catalog.assessment_uuid: the same in every environment).
"""

from django.conf import settings
from drf_spectacular.utils import OpenApiExample

from ats_api.ashby.errors import AshbyErrorSerializer, AshbyMessageSerializer, error_envelope
from mariohr.api_schema import error

DEMO_TYPE_ID = "c65eff2c-9e17-5307-965b-757eb9514dd0"
EXAMPLE_ASSESSMENT_ID = "Zk3pQ9xW2rLmT7vYcA1sNe"


def _ashby_error(description: str, code: str, message: str):
    return error(description, serializer=AshbyErrorSerializer, body=error_envelope(code, message))


ERRORS = {
    400: _ashby_error(
        "Malformed JSON, or a body that is not a JSON object.", "invalid_request", "body: expected a JSON object."
    ),
    401: _ashby_error(
        'Missing, unknown or revoked API key (with `WWW-Authenticate: Basic realm="MarioHR"`).',
        "unauthorized",
        "Authorization: unknown or revoked API key.",
    ),
    404: _ashby_error(
        "No assessment with this id in your organization.",
        "not_found",
        f"assessment_id: no assessment '{EXAMPLE_ASSESSMENT_ID}'",
    ),
    413: _ashby_error("Body larger than 1 MiB.", "request_too_large", "body: larger than the limit of 1048576 bytes"),
    415: _ashby_error(
        "Body is not application/json.",
        "unsupported_media_type",
        'Content-Type: Unsupported media type "text/plain" in request.',
    ),
    422: error(
        "We cannot proceed; Ashby shows the message to the recruiter.",
        serializer=AshbyMessageSerializer,
        body={
            "message": "This assessment is not available to your organization in MarioHR. "
            "Ask your MarioHR account manager to enable it, or choose another assessment."
        },
    ),
    429: _ashby_error(
        "Too many requests for this API key (API_RATE_LIMIT); Retry-After says when.",
        "rate_limited",
        "Authorization: too many requests for this API key (API_RATE_LIMIT 600/min). Expected available in 12 seconds.",
    ),
}


def errors(*codes: int) -> dict:
    return {code: ERRORS[code] for code in (400, 401, 413, 415, *codes, 429)}


UPDATES_WE_SEND = (
    "**What we send back.** As the candidate goes, we `POST "
    "<ASHBY_API_BASE_URL>/assessment.update` (see Callbacks) with your organization's Ashby API "
    "key (Basic auth, key as user name), `Accept: application/json; version=1`, and a body of "
    "`assessment_id`, `timestamp` (ms since the epoch, strictly increasing for one assessment) and:\n\n"
    "* when the candidate starts: `assessment_status` with value `Started`;\n"
    "* when scored: `assessment_status` `Completed`, `assessment_result` (type `numeric_score`, the "
    "total), `assessment_profile_url` (the report page) and `metadata`: `final_total` (`82/100`), "
    "`recording` (where there is one) and one `numeric_score` per criterion;\n"
    "* when the invitation expires, or the interview is cancelled on our side: `cancelled_reason`.\n\n"
    "Updates of one assessment go out in order, retried on the callback schedule; Ashby's `200` "
    '`{"success": false}` counts as a failure.'
)

LIST = {
    "summary": "List the assessments your organization may send, for Ashby's assessment picker",
    "description": (
        "Ashby calls this with `{}` when its customer connects MarioHR. One entry per assessment "
        "enabled for your organization; `assessment_type_id` is the assessment's stable UUID (the "
        "same in every environment)."
    ),
    "examples": [
        OpenApiExample("Ashby lists", request_only=True, value={}),
        OpenApiExample(
            "The demo catalog",
            response_only=True,
            value={
                "success": True,
                "results": [
                    {
                        "assessment_type_id": DEMO_TYPE_ID,
                        "name": "Python FastAPI Code Review",
                        "description": "Repo-based exercise for backend roles.",
                    }
                ],
            },
        ),
    ],
}

START = {
    "summary": "Invite the candidate to the assessment; the same application and type again is the same one",
    "description": (
        "Creates the interview and emails the invitation, exactly as `send_test` does, and answers "
        "its id as `assessment_id`. The same `application.ashby_id` and `assessment_type_id` "
        "again answer the same `assessment_id` and send nothing.\n\n"
        "Anything we cannot start answers `422` with a `message` Ashby shows the recruiter: an "
        "unknown assessment type or one not enabled for your organization, a missing or invalid "
        "field (a bad email, say), or an application whose `status` is `Hired` or `Archived` "
        "(Ashby's application statuses; any other is accepted). Unknown keys are ignored.\n\n" + UPDATES_WE_SEND
    ),
    "examples": [
        OpenApiExample(
            "Ashby starts the demo's FastAPI review",
            request_only=True,
            value={
                "assessment_type_id": DEMO_TYPE_ID,
                "candidate": {
                    "ashby_id": "c-123",
                    "first_name": "Alex",
                    "last_name": "Kim",
                    "email": "alex.kim@example.com",
                    "ashby_profile_url": "https://app.ashbyhq.com/candidates/c-123",
                },
                "application": {"ashby_id": "a-456", "status": "Active"},
                "job": {
                    "ashby_id": "j-789",
                    "name": "Backend Engineer",
                    "ashby_job_url": "https://app.ashbyhq.com/jobs/j-789",
                },
            },
        ),
        OpenApiExample(
            "Started", response_only=True, value={"success": True, "results": {"assessment_id": EXAMPLE_ASSESSMENT_ID}}
        ),
    ],
}

CANCEL = {
    "summary": "Cancel the assessment: the candidate can no longer take it",
    "description": (
        "The interview becomes `cancelled`: the candidate's page says so, no reminder goes out, and "
        "nothing is sent back to Ashby for a cancel Ashby asked for. Cancelling an assessment "
        "already cancelled or expired changes nothing and succeeds. One the candidate has "
        "completed and MarioHR has scored cannot be cancelled: 422. Another organization's id "
        "answers 404, as an unknown one does."
    ),
    "examples": [
        OpenApiExample("Ashby cancels", request_only=True, value={"assessment_id": EXAMPLE_ASSESSMENT_ID}),
        OpenApiExample(
            "Cancelled",
            response_only=True,
            value={"success": True, "results": {"assessment_id": EXAMPLE_ASSESSMENT_ID}},
        ),
    ],
}


def _typed_value(identifier: str, kind: str, description: str) -> dict:
    return {
        "type": "object",
        "description": description,
        "required": ["identifier", "label", "type", "value"],
        "properties": {
            "identifier": {"type": "string", "example": identifier},
            "label": {"type": "string"},
            "type": {"type": "string", "enum": ["string", "numeric_score", "url"], "example": kind},
            "value": {"oneOf": [{"type": "string"}, {"type": "number"}]},
        },
    }


ASSESSMENT_UPDATE_BODY = {
    "type": "object",
    "required": ["assessment_id", "timestamp"],
    "properties": {
        "assessment_id": {"type": "string", "description": "The id assessment.start answered."},
        "timestamp": {
            "type": "integer",
            "description": "Milliseconds since the epoch; strictly increasing for one assessment.",
        },
        "assessment_status": _typed_value(
            "status", "string", "`Started` when the candidate starts, `Completed` when scored."
        ),
        "assessment_result": _typed_value("score", "numeric_score", "When scored: the score total."),
        "assessment_profile_url": _typed_value("report", "url", "When scored: the report page (partner_profile_url)."),
        "metadata": {
            "type": "array",
            "description": "When scored: `final_total` (string `82/100`), `recording` (url, where there is "
            "one), and one `numeric_score` per scoring criterion; identifiers are unique.",
            "items": _typed_value("final_total", "string", "A labelled value."),
        },
        "cancelled_reason": _typed_value(
            "cancelled_reason", "string", "When the invitation expires, or the interview is cancelled on our side."
        ),
    },
}

ASSESSMENT_UPDATE_EXAMPLES = {
    "started": {
        "summary": "The candidate started",
        "value": {
            "assessment_id": EXAMPLE_ASSESSMENT_ID,
            "timestamp": 1779357600000,
            "assessment_status": {"identifier": "status", "label": "Status", "type": "string", "value": "Started"},
        },
    },
    "completed": {
        "summary": "Scored",
        "value": {
            "assessment_id": EXAMPLE_ASSESSMENT_ID,
            "timestamp": 1779362700000,
            "assessment_status": {"identifier": "status", "label": "Status", "type": "string", "value": "Completed"},
            "assessment_result": {"identifier": "score", "label": "Score", "type": "numeric_score", "value": 82},
            "assessment_profile_url": {
                "identifier": "report",
                "label": "Report",
                "type": "url",
                "value": f"http://localhost:8000/api/report/{EXAMPLE_ASSESSMENT_ID}",
            },
            "metadata": [
                {"identifier": "final_total", "label": "Final total", "type": "string", "value": "82/100"},
                {"identifier": "score_correctness", "label": "Correctness", "type": "numeric_score", "value": 45},
            ],
        },
    },
    "cancelled": {
        "summary": "The invitation expired",
        "value": {
            "assessment_id": EXAMPLE_ASSESSMENT_ID,
            "timestamp": 1779962400000,
            "cancelled_reason": {
                "identifier": "cancelled_reason",
                "label": "Cancelled reason",
                "type": "string",
                "value": "The invitation expired before the candidate started the assessment.",
            },
        },
    },
}


def assessment_update_callback() -> dict:
    """The OpenAPI callbacks object of assessment.start: the updates we POST to Ashby."""
    return {
        "assessmentUpdate": {
            f"{settings.ASHBY_API_BASE_URL}/assessment.update": {
                "post": {
                    "summary": "We tell Ashby the assessment's progress (assessment.update)",
                    "description": UPDATES_WE_SEND,
                    "parameters": [
                        {
                            "in": "header",
                            "name": "Authorization",
                            "required": True,
                            "schema": {"type": "string"},
                            "description": 'Basic base64(<the organization\'s Ashby API key> + ":").',
                        },
                        {
                            "in": "header",
                            "name": "Accept",
                            "required": True,
                            "schema": {"type": "string", "enum": ["application/json; version=1"]},
                        },
                        {
                            "in": "header",
                            "name": "User-Agent",
                            "required": True,
                            "schema": {"type": "string", "example": "MarioHR-Callbacks/1.0 (+https://mariohr.com)"},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": ASSESSMENT_UPDATE_BODY,
                                "examples": ASSESSMENT_UPDATE_EXAMPLES,
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": 'Delivered when `{"success": true}`; `{"success": false, "errorInfo"}` '
                            "is a failure, retried only for rate limits and outages."
                        }
                    },
                }
            }
        }
    }
