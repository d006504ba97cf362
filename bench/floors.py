"""The HTTP benchmark's floors (../shared/BENCHMARK.md), served by the same stack.

bench/urls.py mounts these at /bench/; only the gunicorn that `python -m bench.http` starts is
given MARIOHR_URLCONF=bench.urls, so production never serves them.

- floor 1: a bare Django view answering test_status's JSON shape, touching no database;
- floor 2: the same plus the one indexed read test_status cannot avoid (the interview by its
  public id, only the columns the answer needs, in plain SQL);
- floor 3, for send_test: a bare view that reads the JSON body and inserts one interview row (one
  INSERT in autocommit: the statement and its commit), nothing else.

All go through the full middleware stack of the project, as test_status does; neither checks a
key. The gap from send_test to floor 3 is everything send_test does besides writing its row.
The gap from test_status to floor 2 is our own overhead (auth, framework, serialization);
the gap from floor 2 to floor 1 is what the database read costs.
"""

import json
import secrets

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from assessments.models import Interview, Organization

# Our statuses in Greenhouse's words (the same mapping as ats_api.greenhouse.representations), kept here so
# that the floors import nothing of the code under test.
PARTNER_STATUS = {
    "invited": "sent",
    "started": "started",
    "submitted": "submitted",
    "scored": "complete",
    "expired": "expired",
    "cancelled": "cancelled",
}
COLUMNS = ("status", "sent_at", "started_at", "submitted_at", "scored_at", "score_total", "score_max")
# The read in plain SQL, the cheapest way through Django's connection: compiling a queryset costs
# more than the round trip itself (see ats_api/lookups.py), and a floor is a lower bound.
READ = f"SELECT {', '.join(COLUMNS)} FROM {Interview._meta.db_table} WHERE public_id = %s"


def _iso(moment) -> str | None:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z") if moment else None


def floor_1(request: HttpRequest) -> JsonResponse:
    public_id = request.GET.get("partner_interview_id", "")
    return JsonResponse(
        {
            "partner_status": "complete",
            "partner_profile_url": f"{settings.PUBLIC_BASE_URL}/api/report/{public_id}",
            "partner_score": 82,
            "metadata": {
                "Sent At": "2026-05-21T10:00:00.000Z",
                "Started At": "2026-05-21T10:05:30.123Z",
                "Completed At": "2026-05-21T10:45:01.500Z",
                "Final Total": "82/100",
            },
        }
    )


def floor_2(request: HttpRequest) -> JsonResponse:
    public_id = request.GET.get("partner_interview_id", "")
    with connection.cursor() as cursor:
        cursor.execute(READ, [public_id])
        row = cursor.fetchone()
    if row is None:
        return JsonResponse({"errors": [f"partner_interview_id: no interview '{public_id}'"]}, status=404)
    status, sent_at, started_at, submitted_at, scored_at, total, maximum = row
    scored = status == "scored"
    metadata = {
        "Sent At": _iso(sent_at),
        "Started At": _iso(started_at),
        "Completed At": _iso(submitted_at or scored_at),
        "Final Total": f"{total:f}/{maximum:f}" if scored else None,
    }
    return JsonResponse(
        {
            "partner_status": PARTNER_STATUS[status],
            "partner_profile_url": f"{settings.PUBLIC_BASE_URL}/api/report/{public_id}",
            "partner_score": float(total) if scored else None,
            "metadata": {label: value for label, value in metadata.items() if value is not None},
        }
    )


# The row send_test writes, with the columns that have no database default; the callback url is
# the request key, so the one-interview-per-request-key index is written too, as by send_test.
INSERT = f"""
    INSERT INTO {Interview._meta.db_table} (
        public_id, organization_id, assessment_id, integration, request_key, callback_url,
        candidate_email, candidate_first_name, candidate_last_name, candidate_preferred_name,
        candidate_phone_number, candidate_resume_url, candidate_profile_url, sent_by, status,
        invitation_token, expires_at, invitation_error, invitation_queued_at, sent_at,
        score_breakdown, recording_s3_key
    ) VALUES (
        %(public_id)s, %(organization)s, %(assessment)s, 'greenhouse', %(url)s, %(url)s,
        %(email)s, %(first_name)s, %(last_name)s, '', '', '', %(profile_url)s, %(sent_by)s, 'invited',
        %(token)s, now() + interval '7 days', '', now(), now(), '[]', ''
    )
"""
# One (organization, assessment) pair an organization may send, read once per process: floor 3
# checks no key, so it has no organization of its own to read per request.
_sender: dict[str, int] = {}


@csrf_exempt  # as DRF's views are (send_test's key is no cookie)
def floor_3(request: HttpRequest) -> JsonResponse:
    body = json.loads(request.body)
    candidate = body["candidate"]
    if not _sender:
        enabled = Organization.assessments.through.objects.order_by("pk")
        _sender.update(enabled.values("organization_id", "assessment_id")[0])
    public_id = secrets.token_urlsafe(24)
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT,
            {
                "public_id": public_id,
                "organization": _sender["organization_id"],
                "assessment": _sender["assessment_id"],
                "url": body["url"],
                "email": candidate["email"],
                "first_name": candidate.get("first_name") or "",
                "last_name": candidate.get("last_name") or "",
                "profile_url": candidate.get("greenhouse_profile_url") or "",
                "sent_by": body.get("sent_by") or "",
                "token": secrets.token_urlsafe(32),
            },
        )
    return JsonResponse({"partner_interview_id": public_id})


urlpatterns = [
    path("floor1/test_status", floor_1),
    path("floor2/test_status", floor_2),
    path("floor3/send_test", floor_3),
]
