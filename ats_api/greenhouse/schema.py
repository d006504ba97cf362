"""How the OpenAPI schema describes the Greenhouse partner routes (contract sections 1 and 2).

The views' extend_schema decorators take their words from here: what each route is for, what
each status means to the ATS, an example of every answer, and the result callback we send.
Examples work against `make run`'s demo (its catalog's test ids, its local ATS receiver).
"""

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiExample

from mariohr.api_schema import error

# The demo's own: a test id of assessments/demo/catalog.json, and the receiver `make run` starts.
DEMO_TEST_ID = "py-fastapi-review"
DEMO_CALLBACK_URL = "https://localhost:8001/callbacks/demo"
EXAMPLE_CALLBACK_URL = "https://ats.example.com/webhooks/mariohr/abc"
EXAMPLE_INTERVIEW_ID = "Zk3pQ9xW2rLmT7vYcA1sNe"

PARTNER_STATUS_MEANINGS = {
    "sent": "The invitation was emailed; the candidate has not started. Wait.",
    "started": "The candidate pressed Start and is taking the assessment. Wait.",
    "submitted": "The candidate finished; the result is being scored. Wait: no score yet.",
    "complete": (
        "Scored and final: partner_score and metadata's Final Total are set, and the result "
        "callback has been sent. The only status Greenhouse acts on."
    ),
    "expired": (
        "The candidate never started before the invitation expired (the organization's number of "
        "days, 7 by default). Final: no result will come; send a new invitation if you want one."
    ),
    "cancelled": "Cancelled in MarioHR (or from Ashby). Final: no result will come.",
}
PARTNER_STATUS_DESCRIPTION = "The interview's status, in its lifecycle's order:\n\n" + "\n".join(
    f"* `{word}`: {meaning}" for word, meaning in PARTNER_STATUS_MEANINGS.items()
)

ERRORS = {
    400: error(
        "Malformed request; each message names the field.",
        "url: host '10.0.0.7' is a private address (10.0.0.7)",
        "candidate.email: Enter a valid email address.",
    ),
    401: error(
        'Missing, malformed, unknown or revoked API key (with `WWW-Authenticate: Basic realm="MarioHR"`).',
        "Authorization: unknown or revoked API key.",
    ),
    404: error("Unknown test or interview id (or another organization's).", "partner_interview_id: no interview 'x'"),
    413: error("Body larger than 1 MiB.", "body: larger than the limit of 1048576 bytes"),
    415: error("Body is not application/json.", 'Content-Type: Unsupported media type "text/plain" in request.'),
    429: error(
        "Too many requests for this API key (API_RATE_LIMIT); Retry-After says when to retry. Other keys go on.",
        "Authorization: too many requests for this API key (API_RATE_LIMIT 600/min). Expected available in 12 seconds.",
    ),
}


def errors(*codes: int) -> dict:
    """The error answers of a route: those named, and 429, which every route answers (ApiKeyRateThrottle)."""
    return {code: ERRORS[code] for code in (*codes, 429)}


LIST_TESTS = {
    "summary": "List the assessments you may send",
    "description": (
        "The assessments enabled for your organization, as a bare JSON array in a stable order. "
        "Show them to the recruiter; send the chosen `partner_test_id` to `send_test`."
    ),
    "examples": [
        OpenApiExample(
            "The demo catalog",
            response_only=True,
            # drf-spectacular shows it as an array of this one item.
            value={
                "partner_test_id": DEMO_TEST_ID,
                "partner_test_name": "Python FastAPI Code Review",
                "description": "Repo-based exercise for backend roles.",
            },
        )
    ],
}

SEND_TEST = {
    "summary": "Invite a candidate to an assessment",
    "description": (
        "Creates the interview (status `sent`) and emails the candidate an invitation. Answers the "
        "`partner_interview_id` to poll with `test_status`.\n\n"
        "Idempotent: the same organization, `partner_test_id` and `url` again answers the same "
        "`partner_interview_id` and sends no second invitation.\n\n"
        "`url` is your callback: when the interview is `complete` we `PATCH` the result to it "
        "(see Callbacks below). It must be `https`, without user:password, and its host must not "
        "be a loopback, private, link-local, shared, multicast, reserved or metadata address "
        "(else 400). A host name is not resolved now: it is resolved and checked at every "
        "delivery. Older Greenhouse versions sent `url` inside `candidate`; that works too."
    ),
    "examples": [
        OpenApiExample(
            "Invite Alex to the demo's FastAPI review",
            request_only=True,
            value={
                "partner_test_id": DEMO_TEST_ID,
                "candidate": {
                    "email": "alex.kim@example.com",
                    "first_name": "Alex",
                    "last_name": "Kim",
                    "greenhouse_profile_url": "https://app.greenhouse.io/people/123",
                },
                # The demo's receiver where the address check lets localhost through (the demo), else
                # a public one: an example must be an invitation this service accepts.
                "url": DEMO_CALLBACK_URL
                if "localhost" in settings.CALLBACK_ALLOWED_PRIVATE_HOSTS
                else EXAMPLE_CALLBACK_URL,
                "sent_by": "recruiter@example.com",
            },
        ),
        OpenApiExample("The interview's id", response_only=True, value={"partner_interview_id": EXAMPLE_INTERVIEW_ID}),
    ],
}

COMPLETE_STATUS = {
    "partner_status": "complete",
    "partner_profile_url": f"http://localhost:8000/api/report/{EXAMPLE_INTERVIEW_ID}",
    "partner_score": 82,
    "metadata": {
        "Sent At": "2026-05-20T09:00:00.000Z",
        "Started At": "2026-05-21T10:00:00.000Z",
        "Completed At": "2026-05-21T11:25:00.000Z",
        "Final Total": "82/100",
    },
}

TEST_STATUS = {
    "summary": "Read an interview's status and score",
    "description": (
        "Poll this, or wait for the callback. `partner_status` says where the interview is:\n\n"
        + "\n".join(f"* `{word}`: {meaning}" for word, meaning in PARTNER_STATUS_MEANINGS.items())
        + "\n\n`partner_score` is a number once `complete`, else `null`. `partner_profile_url` is the "
        "report page, always present. `metadata` is a flat object of labelled values: `Sent At`, "
        "`Started At`, `Completed At` (ISO 8601 UTC, milliseconds, `Z`), `Final Total` and "
        "`Recording` (a presigned URL), each where there is one."
    ),
    "examples": [
        OpenApiExample("Complete", response_only=True, value=COMPLETE_STATUS),
        OpenApiExample(
            "Sent",
            response_only=True,
            value={
                "partner_status": "sent",
                "partner_profile_url": f"http://localhost:8000/api/report/{EXAMPLE_INTERVIEW_ID}",
                "partner_score": None,
                "metadata": {"Sent At": "2026-05-20T09:00:00.000Z"},
            },
        ),
    ],
}

RESPONSE_ERROR = {
    "summary": "Report an error you met calling us",
    "description": (
        "Greenhouse calls this when one of our answers was unusable. Any JSON object is accepted "
        "(Greenhouse sends `api_call`, `errors` and maybe `partner_test_id`, `partner_test_name`, "
        "`partner_interview_id`, `candidate_email`); it is stored for 7 days and shown to "
        "MarioHR's account managers."
    ),
    "examples": [
        OpenApiExample(
            "Greenhouse reports a failed test_status",
            request_only=True,
            value={
                "api_call": "test_status",
                "errors": ["partner_score must be a number"],
                "partner_interview_id": EXAMPLE_INTERVIEW_ID,
            },
        ),
        OpenApiExample("Stored", response_only=True, value={"status": 200}),
    ],
}


class SendTestRequestSchema(OpenApiSerializerExtension):
    """send_test needs a callback url at the top level or, as older Greenhouse versions sent it,
    inside candidate; a blank or null top-level url means the candidate one is used."""

    target_class = "ats_api.greenhouse.serializers.SendTestSerializer"

    def map_serializer(self, auto_schema, direction):
        from ats_api.greenhouse.serializers import CALLBACK_URL_SCHEMA

        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["anyOf"] = [
            {"required": ["url"], "properties": {"url": {"type": "string", "minLength": 1}}},
            {"properties": {"candidate": {"required": ["url"], "properties": {"url": CALLBACK_URL_SCHEMA}}}},
        ]
        return schema
