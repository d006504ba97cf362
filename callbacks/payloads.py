"""What a result callback carries: the ATS's body and our headers."""

import base64
from uuid import UUID

from assessments.models import Interview, Organization
from assessments.reports import build_report
from ats_api.representations import callback_body
from callbacks import statements


def result_body(interview: Interview) -> dict:
    # Every ATS so far takes Greenhouse's shape; a second ATS app will bring its own builder.
    fields, transcript = statements.report_parts(interview)
    return callback_body(interview, build_report(interview, fields=fields, transcript=transcript))


def result_headers(*, delivery_id: UUID, organization: Organization) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "Idempotency-Key": str(delivery_id)}
    if organization.ats_api_key:
        token = base64.b64encode(f"{organization.ats_api_key}:".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    return headers
