"""Realistic data for the HTTP benchmark, loaded fast: run by bench/http.py in its own process.

    DATABASE_URL=postgres://.../mariohr_bench python -m bench.dataset --interviews 100000 \
        --organizations 50 --out DIR

Creates the database if missing and migrates it (a database migrated by an older, since rewritten
migration is dropped and made again: it only ever holds benchmark data). Then:
- a catalog of 6 assessments and N organizations `bench-org-NN`, each allowed to send all of them;
- one API key per organization, issued afresh on every run (the old ones are deleted): the full
  key exists only at issue time, and the load generator needs it;
- the interviews, spread evenly over the organizations, in ONE `INSERT ... SELECT generate_series`
  (1M rows in well under a minute), kept between runs when their count already matches. Public ids
  are 32 URL-safe characters from a hash, as random to the index as the real ones; callback urls
  are https://ats.example.com/<n>; the status mix is that of a live account (below).
Writes DIR/keys.tsv (Authorization header, organization's first test id) and DIR/interviews.tsv
(Authorization header, public id) for a random sample of interviews, and prints a JSON summary.
"""

import argparse
import base64
import json
import os
import sys
import time
from pathlib import Path

from bench.callbacks import PROJECT_DIR, _prepare_database

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--organizations", type=int, default=50)
    parser.add_argument("--sample", type=int, default=20_000, help="interview ids the load generator rotates over")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--reload", action="store_true", help="load the interviews even if their count matches")
    args = parser.parse_args()

    _prepare_database()
    _django()
    if _schema_is_stale():
        _recreate_database()
    started = time.monotonic()
    organizations = _organizations(args.organizations)
    keys = _issue_keys(organizations)
    loaded = _load_interviews(args.interviews, organizations, reload=args.reload)
    args.out.mkdir(parents=True, exist_ok=True)
    _write_samples(args.out, keys, args.sample)
    summary = {"interviews": args.interviews, "organizations": len(organizations), "loaded": loaded}
    summary["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(summary), flush=True)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mariohr.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def _schema_is_stale() -> bool:
    """True when a table, or a column of it, is missing: migrated by an older migration file."""
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in apps.get_models():
            table = model._meta.db_table
            if table not in tables:
                return True
            columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
            if {f.column for f in model._meta.concrete_fields} - columns:
                return True
    return False


def _recreate_database() -> None:
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    print(f"{name} was migrated by older migrations: dropping and recreating it", file=sys.stderr)
    connection.close()
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", "--noinput", verbosity=0)


def _organizations(count: int) -> list:
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


def _issue_keys(organizations: list) -> dict[int, str]:
    """One fresh key per organization: {organization id: Authorization header}."""
    from assessments.models import ApiKey
    from assessments.services.organizations import issue_api_key

    ApiKey.objects.filter(organization__in=organizations).delete()
    headers = {}
    for organization in organizations:
        _, key = issue_api_key(organization=organization, label="bench")
        headers[organization.pk] = "Basic " + base64.b64encode(f"{key}:".encode()).decode()
    return headers


def _load_interviews(count: int, organizations: list, *, reload: bool) -> bool:
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


def _write_samples(out: Path, keys: dict[int, str], sample: int) -> None:
    from django.db import connection

    from assessments.models import Organization

    first_test = TEST_IDS[0]
    (out / "keys.tsv").write_text("".join(f"{header}\t{first_test}\n" for header in keys.values()))
    with connection.cursor() as cursor:
        # A uniform random sample over the whole table (TABLESAMPLE would favour a few pages).
        cursor.execute(
            "SELECT public_id, organization_id FROM assessments_interview WHERE callback_url LIKE %s "
            "ORDER BY random() LIMIT %s",
            [LOADED_URL + "%", sample],
        )
        rows = cursor.fetchall()
    assert Organization.objects.filter(pk__in=keys).count() == len(keys)
    (out / "interviews.tsv").write_text("".join(f"{keys[org]}\t{public_id}\n" for public_id, org in rows))


if __name__ == "__main__":
    main()
