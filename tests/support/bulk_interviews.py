"""A realistic data set for the HTTP benchmark, loaded fast: a catalog, organizations with keys and
up to millions of interviews in ONE `INSERT ... SELECT generate_series` (1M rows in well under a
minute). Needs Django set up, on PostgreSQL.

- a catalog of 6 assessments and N organizations `bench-org-NN`, each allowed to send all of them;
- one API key per organization, issued afresh each time (the old ones are deleted): the full key
  exists only at issue time, and the load generator needs it;
- the interviews, spread evenly over the organizations, kept when their count already matches.
  Public ids are 32 URL-safe characters from a hash, as random to the index as the real ones;
  callback urls are https://ats.example.com/<n>; the status mix is that of a live account (below).
"""

import base64

TEST_IDS = [f"bench-test-{n}" for n in range(6)]
# Per 100 interviews: 20 invited, 10 started, 5 submitted, 50 scored (half of them with a
# recording), 10 expired, 5 cancelled.
STATUS_BUCKETS = [
    (20, "invited"),
    (30, "started"),
    (35, "submitted"),
    (85, "scored"),
    (95, "expired"),
    (100, "cancelled"),
]
SENT_BY_SEND_TEST = "https://93.184.215.14/"  # callback urls of the interviews send_test runs create
LOADED_URL = "https://ats.example.com/"


def create_organizations(count: int) -> list:
    from assessments.services.catalog import import_catalog
    from assessments.services.organizations import create_organization, enable_assessments

    import_catalog(
        entries=[
            {
                "partner_test_id": test_id,
                "partner_test_name": f"Benchmark assessment {n}",
                "description": "A realistic catalog entry: a code review on a small repository, about an hour.",
                "fields": [
                    {"name": "repository", "label": "Repository", "value": "https://git.example/repo"},
                    {"name": "db-password", "label": "Database password", "value": "bench-secret", "secret": True},
                ],
            }
            for n, test_id in enumerate(TEST_IDS)
        ]
    )
    organizations = []
    for n in range(count):
        organization, _ = create_organization(slug=f"bench-org-{n:02}", name=f"Benchmark Org {n:02}")
        enable_assessments(organization=organization, test_ids=TEST_IDS)
        organizations.append(organization)
    return organizations


def issue_keys(organizations: list) -> dict[int, str]:
    """One fresh key per organization: {organization id: Authorization header}."""
    from assessments.models import ApiKey
    from assessments.services.organizations import issue_api_key

    ApiKey.objects.filter(organization__in=organizations).delete()
    headers = {}
    for organization in organizations:
        _, key = issue_api_key(organization=organization, label="bench")
        headers[organization.pk] = "Basic " + base64.b64encode(f"{key}:".encode()).decode()
    return headers


def load_interviews(count: int, organizations: list, *, reload: bool) -> bool:
    """Returns whether it loaded (False: the database already held exactly this data set)."""
    from django.db import connection

    from assessments.models import Assessment

    org_ids = [o.pk for o in organizations]
    with connection.cursor() as cursor:
        # Interviews made by earlier send_test runs go; nothing refers to them (never scored).
        cursor.execute("DELETE FROM assessments_interview WHERE callback_url LIKE %s", [SENT_BY_SEND_TEST + "%"])
        cursor.execute(
            "SELECT count(*), count(DISTINCT organization_id) FROM assessments_interview WHERE callback_url LIKE %s",
            [LOADED_URL + "%"],
        )
        if not reload and cursor.fetchone() == (count, len(org_ids)):
            return False
        # The benchmark database holds only benchmark data: start the interviews afresh.
        cursor.execute("TRUNCATE assessments_interview CASCADE")
        assessment_ids = list(Assessment.objects.filter(test_id__in=TEST_IDS).values_list("pk", flat=True))
        cursor.execute(_insert_sql(), {"count": count, "orgs": org_ids, "assessments": assessment_ids})
        cursor.execute("ANALYZE assessments_interview")
    return True


def _status_sql() -> str:
    cases = " ".join(f"WHEN bucket < {upper} THEN '{status}'" for upper, status in STATUS_BUCKETS)
    return f"CASE {cases} END"


def _insert_sql() -> str:
    breakdown = ", ".join(
        f"jsonb_build_object('name', '{name}', 'score', s.score{n}, 'max', 25, 'comment', '{comment}')"
        for n, (name, comment) in enumerate(
            [
                ("Correctness", "Handles the main cases; misses the empty input."),
                ("Design", "Clear separation of the parser and the store."),
                ("Testing", "Good unit tests; no test of the failure path."),
                ("Communication", "Explained each trade-off while working."),
            ]
        )
    )
    return f"""
    INSERT INTO assessments_interview (
        public_id, organization_id, assessment_id, candidate_email, candidate_first_name,
        candidate_last_name, candidate_preferred_name, candidate_phone_number, candidate_resume_url,
        candidate_profile_url, callback_url, sent_by, status, invitation_token, expires_at,
        invitation_sent_at, invitation_error, reminder_sent_at, sent_at, started_at, submitted_at,
        scored_at, expired_at, cancelled_at, score_total, score_max, score_breakdown, recording_s3_key,
        integration
    )
    SELECT
        s.public_id, s.org, s.assessment, 'candidate' || s.n || '@example.com', 'Alex', 'Kim ' || s.n, '',
        '+1 555 0100', '', 'https://app.greenhouse.io/people/' || s.n, '{LOADED_URL}' || s.n,
        'recruiter@example.com', s.status, s.token,
        CASE WHEN s.status IN ('invited', 'started') THEN s.sent_at + interval '7 days' END,
        s.sent_at + interval '3 seconds', '', NULL, s.sent_at,
        CASE WHEN s.status IN ('started', 'submitted', 'scored', 'cancelled') THEN s.sent_at + interval '1 day' END,
        CASE WHEN s.status IN ('submitted', 'scored') THEN s.sent_at + interval '1 day 1 hour' END,
        CASE WHEN s.status = 'scored' THEN s.sent_at + interval '1 day 1 hour 5 minutes' END,
        CASE WHEN s.status = 'expired' THEN s.sent_at + interval '7 days' END,
        CASE WHEN s.status = 'cancelled' THEN s.sent_at + interval '2 days' END,
        CASE WHEN s.status = 'scored' THEN s.score0 + s.score1 + s.score2 + s.score3 END,
        CASE WHEN s.status = 'scored' THEN 100 END,
        CASE WHEN s.status = 'scored' THEN jsonb_build_array({breakdown}) ELSE '[]'::jsonb END,
        CASE WHEN s.status = 'scored' AND s.bucket < 60 THEN 'recordings/' || s.public_id || '.webm' ELSE '' END,
        'greenhouse'
    FROM (
        SELECT g.n, g.bucket, g.status,
            left(translate(encode(sha256(convert_to('bench-id-' || g.n, 'UTF8')), 'base64'), '+/', '-_'), 32)
                AS public_id,
            left(translate(encode(sha256(convert_to('bench-token-' || g.n, 'UTF8')), 'base64'), '+/', '-_'), 43)
                AS token,
            (%(orgs)s::bigint[])[1 + g.n %% cardinality(%(orgs)s::bigint[])] AS org,
            (%(assessments)s::bigint[])[
                1 + (g.n / cardinality(%(orgs)s::bigint[])) %% cardinality(%(assessments)s::bigint[])
            ] AS assessment,
            -- Open invitations are recent; finished ones are spread over the last 90 days.
            now() - CASE WHEN g.status IN ('invited', 'started') THEN (g.n %% 518400) * interval '1 second'
                         ELSE (g.n %% 7776000) * interval '1 second' END AS sent_at,
            10 + g.n %% 16 AS score0, 8 + g.n %% 18 AS score1, 12 + g.n %% 14 AS score2, 15 + g.n %% 11 AS score3
        FROM (
            SELECT n, b.bucket, {_status_sql()} AS status
            FROM generate_series(1, %(count)s) AS n,
                 LATERAL (SELECT abs(hashint4(n)) %% 100 AS bucket) AS b
        ) AS g
    ) AS s
    """
