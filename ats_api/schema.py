"""How the OpenAPI schema describes what DRF's views do not show (loaded by AtsApiConfig.ready).

OrganizationKeyScheme: the partner APIs' auth. document_callbacks_and_report, a drf-spectacular
post-processing hook (SPECTACULAR_SETTINGS), adds what no DRF view declares: the report address
(a plain Django view that answers HTML or JSON, contract section 3), the result callback we PATCH
to send_test's url (section 2) and the assessment.update we send Ashby (section 7), as OpenAPI
callbacks, and what each status word means.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from ats_api.ashby.schema import assessment_update_callback
from ats_api.greenhouse.schema import COMPLETE_STATUS, EXAMPLE_INTERVIEW_ID, PARTNER_STATUS_DESCRIPTION


class OrganizationKeyScheme(OpenApiAuthenticationExtension):
    target_class = "ats_api.authentication.OrganizationKeyAuthentication"
    name = "organizationKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "basic",
            "description": (
                "Your MarioHR API key as the user name and an empty password: "
                '`Authorization: Basic base64(<api_key> + ":")`. In Swagger UI\'s "Authorize", '
                "paste the key as the username and leave the password empty."
            ),
        }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, description: str = "") -> dict:
    schema = {"type": "object", "required": list(properties), "properties": properties}
    return {**schema, "description": description} if description else schema


STRING, NUMBER = {"type": "string"}, {"type": "number"}
NULLABLE_NUMBER = {"type": "number", "nullable": True}

INTERVIEW_REPORT = _object(
    {
        "candidate": _object(
            {"name": STRING, "email": STRING, "first_name": STRING, "last_name": STRING, "preferred_name": STRING}
        ),
        "assessment": _object(
            {
                "id": {**STRING, "description": "The partner_test_id."},
                "name": STRING,
                "description": STRING,
                "fields": {
                    "type": "array",
                    "description": "The assessment's fields; those marked secret (passwords) are left out.",
                    "items": _object({"name": STRING, "label": STRING, "value": STRING}),
                },
            }
        ),
        "scoring": _object(
            {
                "total": NULLABLE_NUMBER,
                "max": NULLABLE_NUMBER,
                "breakdown": {
                    "type": "array",
                    "items": _object(
                        {"name": STRING, "score": NULLABLE_NUMBER, "max": NULLABLE_NUMBER, "comment": STRING}
                    ),
                },
            },
            "The scores; null totals until the interview is scored.",
        ),
        "transcript": {
            "type": "array",
            "items": _object({"speaker": STRING, "text": STRING, "at": {**STRING, "format": "date-time"}}),
        },
    },
    "The interview's report: candidate, assessment (its safe fields), scoring, transcript.",
)

REPORT_EXAMPLE = {
    "candidate": {
        "name": "Alex Kim",
        "email": "alex.kim@example.com",
        "first_name": "Alex",
        "last_name": "Kim",
        "preferred_name": "",
    },
    "assessment": {
        "id": "py-fastapi-review",
        "name": "Python FastAPI Code Review",
        "description": "Repo-based exercise for backend roles.",
        "fields": [{"name": "duration", "label": "Time allowed", "value": "90 minutes"}],
    },
    "scoring": {
        "total": 82,
        "max": 100,
        "breakdown": [{"name": "Correctness", "score": 45, "max": 60, "comment": "Found the bug."}],
    },
    "transcript": [
        {"speaker": "candidate", "text": "I'd start with the failing test.", "at": "2026-05-21T10:01:00.000Z"}
    ],
}

RESULT_CALLBACK_BODY = {
    "type": "object",
    "required": [
        "partner_interview_id",
        "partner_test_id",
        "partner_status",
        "partner_profile_url",
        "partner_score",
        "metadata",
        "recording_url",
        "report",
    ],
    "properties": {
        "partner_interview_id": STRING,
        "partner_test_id": STRING,
        "partner_status": _ref("PartnerStatusEnum"),
        "partner_profile_url": {**STRING, "format": "uri"},
        "partner_score": NULLABLE_NUMBER,
        "metadata": {
            "type": "object",
            "description": "As in test_status.",
            "additionalProperties": {"oneOf": [STRING, NUMBER, {"type": "boolean"}]},
        },
        "recording_url": {**STRING, "format": "uri", "nullable": True, "description": "Presigned S3 GET URL."},
        "report": _ref("InterviewReport"),
    },
}


def _header(name: str, description: str, example: str) -> dict:
    return {
        "in": "header",
        "name": name,
        "required": True,
        "description": description,
        "schema": {**STRING, "example": example},
    }


RESULT_CALLBACK_HEADERS = [
    _header(
        "Authorization",
        '`Basic base64(<your ATS API key> + ":")`: the key you gave MarioHR for this, set per organization.',
        "Basic Z2gta2V5LTEyMzQ6",
    ),
    _header("Idempotency-Key", "The delivery's id: the same on every retry of one delivery.", "8121"),
    _header("User-Agent", "Names MarioHR.", "MarioHR-Callbacks/1.0 (+https://mariohr.com)"),
    _header("webhook-id", "Standard Webhooks: the delivery's id (as Idempotency-Key).", "8121"),
    _header("webhook-timestamp", "Standard Webhooks: when this attempt was signed, in Unix seconds.", "1779362700"),
    _header(
        "webhook-signature",
        'Standard Webhooks: `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, keyed '
        "with your organization's signing secret (`whsec_` + base64 of 32 random bytes; the HMAC key is "
        "those 32 bytes). For 24 h after the secret is rotated both signatures are sent, space-separated: "
        "accept the request if either matches.",
        "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
    ),
]

RESULT_CALLBACK_DESCRIPTION = (
    "When the interview becomes `complete` (scored by the assessment engine, or submitted from the "
    "admin) the result is saved, then we `PATCH` it to the `url` you gave `send_test`. Greenhouse "
    "ignores the body and calls `test_status`; other ATSs read the body.\n\n"
    "Answer 2xx to acknowledge. Network errors, timeouts, 408, 425, 429 and 5xx are retried on a "
    "backoff schedule for about a day (`Retry-After` honoured); 410 and other 4xx end the delivery "
    "as failed. No redirects are followed. Each attempt ends within CALLBACK_TIMEOUT seconds (15 by "
    "default). Use `Idempotency-Key` (or `webhook-id`) to recognise a retry, and check "
    "`webhook-signature` to know the request is ours."
)


def result_callback() -> dict:
    """The OpenAPI callbacks object of send_test."""
    return {
        "result": {
            "{$request.body#/url}": {
                "patch": {
                    "summary": "We send the interview's result to your callback url",
                    "description": RESULT_CALLBACK_DESCRIPTION,
                    "parameters": RESULT_CALLBACK_HEADERS,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": _ref("ResultCallback"),
                                "examples": {
                                    "complete": {
                                        "summary": "A scored interview",
                                        "value": {
                                            "partner_interview_id": EXAMPLE_INTERVIEW_ID,
                                            "partner_test_id": "py-fastapi-review",
                                            **COMPLETE_STATUS,
                                            "recording_url": None,
                                            "report": REPORT_EXAMPLE,
                                        },
                                    }
                                },
                            }
                        },
                    },
                    "responses": {
                        "2XX": {"description": "Delivered."},
                        "default": {
                            "description": "Retried (network error, 408, 425, 429, 5xx) or failed (other 4xx)."
                        },
                    },
                }
            }
        }
    }


def _errors(description: str, message: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref("Errors"), "example": {"errors": [message]}}},
    }


REPORT_OPERATION = {
    "operationId": "report",
    "summary": "The interview's report: a page for people, JSON for programs",
    "description": (
        "The address test_status gives as `partner_profile_url`; one address, two representations.\n\n"
        "* With `Accept: application/json` and your organization's API key (Basic, as everywhere): "
        "the report as JSON, the `report` object of the result callback.\n"
        "* Otherwise the HTML page (candidate, assessment, status, score breakdown, transcript, "
        "recording player) for a MarioHR login with access to the interview's organization; anyone "
        "else is sent to the login page (302) and, once logged in, back to the report.\n\n"
        "In Swagger UI, choose `application/json` as the response's media type to get the JSON."
    ),
    "tags": ["report"],
    "parameters": [
        {
            "in": "path",
            "name": "partner_interview_id",
            "required": True,
            "description": "The id send_test (or Ashby's assessment.start) returned.",
            "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
            "example": EXAMPLE_INTERVIEW_ID,
        }
    ],
    # The key is needed for the JSON only; the page answers anyone, with the login page if need be.
    "security": [{"organizationKey": []}, {}],
    "responses": {
        "200": {
            "description": "The report.",
            "content": {
                "application/json": {"schema": _ref("InterviewReport"), "example": REPORT_EXAMPLE},
                "text/html": {"schema": STRING},
            },
        },
        "302": {
            "description": "The HTML page without a MarioHR login: to the login page, and back here after.",
            "headers": {
                "Location": {"schema": STRING, "description": "The login page, with `next` set to the report."}
            },
        },
        "401": _errors("JSON asked for without a valid API key.", "Authorization: unknown or revoked API key."),
        "404": _errors(
            "No interview with this id in your organization.",
            f"partner_interview_id: no interview '{EXAMPLE_INTERVIEW_ID}'",
        ),
    },
}


def document_callbacks_and_report(result: dict, generator, request, public) -> dict:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["InterviewReport"] = INTERVIEW_REPORT
    schemas["ResultCallback"] = RESULT_CALLBACK_BODY
    if "PartnerStatusEnum" in schemas:
        schemas["PartnerStatusEnum"]["description"] = PARTNER_STATUS_DESCRIPTION
    result.setdefault("paths", {})["/api/report/{partner_interview_id}"] = {"get": REPORT_OPERATION}
    callbacks = {"send_test": result_callback, "ashby_assessment_start": assessment_update_callback}
    for path_item in result["paths"].values():
        for operation in path_item.values():
            if isinstance(operation, dict) and operation.get("operationId") in callbacks:
                operation["callbacks"] = callbacks[operation["operationId"]]()
    return result
