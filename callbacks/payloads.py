"""What a result callback carries: the ATS's body and our headers."""

import base64
from uuid import UUID

from assessments.models import Interview, Organization
from ats_api.representations import callback_body


def result_body(interview: Interview) -> dict:
    # Every ATS so far takes Greenhouse's shape; a second ATS app will bring its own builder.
    return callback_body(interview)


def result_headers(*, delivery_id: UUID, organization: Organization) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "Idempotency-Key": str(delivery_id)}
    if organization.ats_api_key:
        token = base64.b64encode(f"{organization.ats_api_key}:".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    return headers
