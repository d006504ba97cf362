"""What counting the partner API's calls (integration health) costs test_status, in CPU: this
process's CPU time (time.process_time, the flush timer's thread included) over N test_status
requests through Django's test client, counted and uncounted (bench/urls.py) in alternating
blocks, ABBA, on the benchmark's database with the settings of production (the key trusted, the
flush every API_CALL_COUNTS_FLUSH_SECONDS). Called by bench/http.py after setup_django, or alone on the
data of an earlier run of it (it prints where it keeps them):

    python -m bench.counting --data DIR/data [--requests 4000]
"""

import argparse
import json
import os
import time
from pathlib import Path

from bench.report import ENDPOINTS
from bench.stack import setup_django, stack_env

BLOCK = 250


def cpu_per_request(data: Path, requests: int = 4000) -> dict[str, float]:
    """Microseconds of CPU per request of test_status, counted and uncounted, and the cost ratio."""
    from django.test import Client

    header, public_id = (data / "interviews.tsv").read_text().splitlines()[0].split("\t")
    client = Client(HTTP_AUTHORIZATION=header)
    spent = {"test_status": 0.0, "test_status_uncounted": 0.0}
    for name in spent:  # warm-up: the key trusted, the timer started
        assert client.get(ENDPOINTS[name][1], {"partner_interview_id": public_id}).status_code == 200
    for block_pair in range(requests // (2 * BLOCK)):
        # Every other pair in reverse order, so that neither is always measured first.
        for name in list(spent) if block_pair % 2 else reversed(list(spent)):
            path = ENDPOINTS[name][1]
            start = time.process_time()
            for _ in range(BLOCK):
                client.get(path, {"partner_interview_id": public_id})
            spent[name] += time.process_time() - start
    per_name = requests // 2
    result = {f"{name}_cpu_us": 1e6 * seconds / per_name for name, seconds in spent.items()}
    result["requests_each"] = per_name
    result["counting_cpu_cost"] = result["test_status_cpu_us"] / result["test_status_uncounted_cpu_us"] - 1
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the data folder bench.http wrote")
    parser.add_argument("--requests", type=int, default=4000)
    args = parser.parse_args()
    from bench.http import DEFAULT_DATABASE_URL  # bench.http imports this module

    os.environ.update(stack_env(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)))
    setup_django()
    print(json.dumps(cpu_per_request(args.data, args.requests)))


if __name__ == "__main__":
    main()
