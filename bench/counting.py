"""What counting the partner API's calls (integration health) costs test_status, in CPU: this
process's CPU time (time.process_time, the flush timer's thread included) over N test_status
requests through Django's test client, counted and uncounted (bench/urls.py) in alternating
blocks, on the benchmark's database with the settings of production (the key trusted, the flush
every API_CALL_COUNTS_FLUSH_SECONDS). Called by bench/http.py after setup_django."""

import time
from pathlib import Path

from bench.report import ENDPOINTS

BLOCK = 250


def cpu_per_request(data: Path, requests: int = 4000) -> dict[str, float]:
    """Microseconds of CPU per request of test_status, counted and uncounted, and the cost ratio."""
    from django.test import Client

    header, public_id = (data / "interviews.tsv").read_text().splitlines()[0].split("\t")
    client = Client(HTTP_AUTHORIZATION=header)
    spent = {"test_status": 0.0, "test_status_uncounted": 0.0}
    for name in spent:  # warm-up: the key trusted, the timer started
        assert client.get(ENDPOINTS[name][1], {"partner_interview_id": public_id}).status_code == 200
    for _ in range(requests // (2 * BLOCK)):
        for name in spent:
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
