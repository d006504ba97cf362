"""How the OpenAPI schema describes the runtime API's auth (loaded by RuntimeApiConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class RuntimeTokenScheme(OpenApiAuthenticationExtension):
    target_class = "runtime_api.authentication.RuntimeTokenAuthentication"
    name = "runtimeToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The assessment engine's shared secret, RUNTIME_API_TOKEN: `Authorization: Bearer <token>`.",
        }


RECORD_EVENT_DESCRIPTION = """\
The assessment engine reports an interview's progress, one event a request; the body is one of:

* `started` (`at`): the candidate started; `sent` -> `started`.
* `transcript` (`entries`: `speaker`, `text`, `at`): utterances appended to the transcript of an
  interview started or submitted.
* `recording` (`s3_key`): where the recording is, in the `RECORDINGS_BUCKET` bucket.
* `completed` (`at`): the candidate finished; `started` -> `submitted`.
* `scored` (`breakdown`: `name`, `score`, `max`, `comment`): the totals are the sums of the items,
  the interview becomes `complete` and the ATS is called back.

Each event may carry an `id`: an event whose id was already applied to this interview is not
applied again (202 with the status). The answer's `status` is the interview's, in test_status's
words: `sent`, `started`, `submitted`, `complete`, `expired`, `cancelled`.

A transition the lifecycle does not allow (a `started` event for a cancelled interview, a second
score after a recruiter scored it in the admin) answers 409. A time more than a minute ahead of
MarioHR's clock, or out of order (completed before started), answers 400: when trying the
examples, put the current time in `at` (`date -u +%Y-%m-%dT%H:%M:%SZ`)."""

ERROR_EXAMPLES = {
    400: ["at: Must not be in the future (more than 60 seconds ahead of MarioHR's clock, 2026-05-21T10:00:00Z)."],
    401: ["Authorization: invalid runtime token."],
    404: ["partner_interview_id: no interview 'x'"],
    409: ["type: a 'started' event cannot be applied to a cancelled interview"],
    413: ["body: larger than the limit of 1048576 bytes"],
    415: ['Content-Type: Unsupported media type "text/plain" in request.'],
}
