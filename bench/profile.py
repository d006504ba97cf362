"""Where test_status's time goes, in this process:

    python -m bench.profile [--requests 300] [--interviews 100000] [--organizations 50]

Loads the benchmark database as `python -m bench.http` does (kept if already there), takes the
production settings of bench/stack.py, and sends requests through Django's test client: no HTTP
server and no per-request connection health check, so what is left is our code, Django's
middleware, DRF and the database round trips. Prints the best time per request of floor 1, floor 2
and test_status for interviews without and with a recording (measured in turn, several times), the
cost of the pieces test_status adds to floor 2, and cProfile's view of test_status.
"""

import argparse
import base64
import cProfile
import os
import pstats
import sys
import tempfile
import timeit
from pathlib import Path

from bench.callbacks import PROJECT_DIR
from bench.http import DEFAULT_DATABASE_URL, _load
from bench.report import ENDPOINTS
from bench.stack import stack_env

PIECES = ("dispatch", "find_api_key", "execute", "status_payload", "presigned_recording_url", "render")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="per measurement")
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--organizations", type=int, default=50)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    data = Path(tempfile.mkdtemp(prefix="mariohr-bench-profile-"))
    _load(database_url, args.interviews, args.organizations, data, reload=False)
    os.environ.update(stack_env(database_url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mariohr.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    plain, recorded = _samples(data, args.requests)
    _per_request(plain, recorded)
    _pieces(plain, recorded)
    _profile(plain + recorded)


def _samples(data: Path, count: int) -> tuple[list, list]:
    from assessments.models import Interview

    lines = [line.split("\t") for line in (data / "interviews.tsv").read_text().splitlines()]
    recorded_ids = set(
        Interview.objects.filter(public_id__in=[public_id for _, public_id in lines])
        .exclude(recording_s3_key="")
        .values_list("public_id", flat=True)
    )
    print(f"{len(recorded_ids) / len(lines):.0%} of the polled interviews have a recording")
    recorded = [line for line in lines if line[1] in recorded_ids][:count]
    plain = [line for line in lines if line[1] not in recorded_ids][:count]
    return plain, recorded


def _send_all(client, path: str, sample: list):
    def send():
        for header, public_id in sample:
            response = client.get(path, {"partner_interview_id": public_id}, HTTP_AUTHORIZATION=header)
            assert response.status_code == 200, response.content

    return send


def _per_request(plain: list, recorded: list) -> None:
    from django.test import Client

    client, best = Client(), {}
    cases = [
        (name, kind, sample)
        for kind, sample in (("no recording", plain), ("recording", recorded))
        for name in ("floor_1", "floor_2", "test_status")
    ]
    for _ in range(5):
        for name, kind, sample in cases:
            send = _send_all(client, ENDPOINTS[name][1], sample)
            seconds = min(timeit.repeat(send, number=1, repeat=2)) / len(sample)
            best[(name, kind)] = min(best.get((name, kind), seconds), seconds)
    print("\n| endpoint | interview | us per request (in-process, best of 10) |\n| --- | --- | --- |")
    for (name, kind), seconds in best.items():
        print(f"| {name} | {kind} | {seconds * 1e6:.0f} |")


def _pieces(plain: list, recorded: list) -> None:
    """The pieces test_status adds to floor 2, each timed on its own."""
    from django.db import connection

    from assessments.models import Interview
    from assessments.recordings import presigned_recording_url
    from ats_api.lookups import find_api_key, forget_trusted_keys
    from bench.floors import READ

    header, public_id = plain[0]
    key = base64.b64decode(header.split()[1]).decode().rpartition(":")[0]
    s3_key = Interview.objects.get(public_id=recorded[0][1]).recording_s3_key

    def floor_read():
        with connection.cursor() as cursor:
            cursor.execute(READ, [public_id])
            return cursor.fetchone()

    def untrusted_read():
        forget_trusted_keys()
        return find_api_key(key, with_interview=public_id)

    pieces = {
        "floor 2's read (the interview, plain SQL)": floor_read,
        "test_status's read of a key it does not trust yet (key and interview, one query)": untrusted_read,
        "test_status's read with the key trusted (the interview alone)": lambda: find_api_key(
            key, with_interview=public_id
        ),
        "signing a recording URL (botocore)": lambda: presigned_recording_url(s3_key),
    }
    print("\n| piece | us per call (best of 5 x 1000) |\n| --- | --- |")
    for label, call in pieces.items():
        call()
        print(f"| {label} | {min(timeit.repeat(call, number=1000, repeat=5)) / 1000 * 1e6:.0f} |")


def _profile(sample: list) -> None:
    from django.test import Client

    send = _send_all(Client(), ENDPOINTS["test_status"][1], sample)
    send()
    profiler = cProfile.Profile()
    profiler.runcall(send)
    print(f"\ncProfile of {len(sample)} test_status requests (cumulative seconds; cProfile inflates small calls):")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats("|".join(PIECES), 12)


if __name__ == "__main__":
    main()
