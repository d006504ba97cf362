"""The HTTP benchmark's data set (tests/support/bulk_interviews.py), loaded in a process of its own.

    DATABASE_URL=postgres://.../mariohr_bench python -m bench.dataset --interviews 100000 \
        --organizations 50 --out DIR

Creates the database if missing and migrates it (a database migrated by an older, since rewritten
migration is dropped and made again: it only ever holds benchmark data), loads the data set, writes
DIR/keys.tsv (Authorization header, organization's first test id) and DIR/interviews.tsv
(Authorization header, public id) for a random sample of interviews, and prints a JSON summary.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench.stack import prepare_database, settle_database, setup_django
from tests.support.bulk_interviews import LOADED_URL, TEST_IDS, create_organizations, issue_keys, load_interviews


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--organizations", type=int, default=50)
    parser.add_argument("--sample", type=int, default=20_000, help="interview ids the load generator rotates over")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--reload", action="store_true", help="load the interviews even if their count matches")
    args = parser.parse_args()

    prepare_database()
    setup_django()
    if _schema_is_stale():
        _recreate_database()
    started = time.monotonic()
    organizations = create_organizations(args.organizations)
    keys = issue_keys(organizations)
    loaded = load_interviews(args.interviews, organizations, reload=args.reload)
    args.out.mkdir(parents=True, exist_ok=True)
    _write_samples(args.out, keys, args.sample)
    settle_database()
    summary = {"interviews": args.interviews, "organizations": len(organizations), "loaded": loaded}
    summary["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(summary), flush=True)


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
