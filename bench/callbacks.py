"""Callbacks per second from ONE Celery worker process against a local HTTPS sink, beside its floor.

    python -m bench.callbacks [--deliveries 2000] [--delays-ms 0,50] [--concurrency 32] [--rounds 3]

Uses DATABASE_URL and CELERY_BROKER_URL from the environment (defaults: the local PostgreSQL
database `mariohr_bench_callbacks`, created if missing, and Redis on 127.0.0.1:6379/5). For each sink
delay it starts the sink (tests/support/https_sink.py) and one worker, each a process of its own, and
with that same worker times N callbacks three ways, in turn, --rounds times (figures are medians):

  floor   N tasks of bench/callback_floor.py, each sending the request a delivery sends (same
          method, URL, body and headers, through callbacks/client.py) and touching nothing else;
  result  N due deliveries, a message each, as results are queued when scored;
  sweep   N due deliveries queued by the sweep in its chunks, as a backlog is.

Reports callbacks per second, the ratio to the floor and the worker's CPU time per callback (what a
noisy machine changes least). Prints a Markdown table; writes bench/results/callbacks.json.
"""

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.stack import prepare_database, setup_django, write_results
from tests.support.bulk_data import BENCH_ORGANIZATION, create_result_deliveries, enqueue_deliveries
from tests.support.celery_processes import PROJECT_DIR, worker_command
from tests.support.https_sink import SinkProcess, write_certificate

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mariohr_bench_callbacks"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/5"
PATHS = {"floor": "floor: the request alone", "result": "a message per result", "sweep": "the sweep's chunks"}
FIGURES = ("seconds", "per_second", "vs_floor", "worker_cpu_ms_per_callback")
WARM_UP = 50  # floor requests before the clock starts: the worker is connected and its pools are open


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deliveries", type=int, default=2000)
    parser.add_argument("--delays-ms", default="0,50")
    parser.add_argument("--concurrency", type=int, default=32, help="worker threads (the Procfile's default)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of floor, result and sweep, in turn")
    args = parser.parse_args()
    workdir, cert = prepare("mariohr-bench-")
    results = []
    for delay_ms in [float(d) for d in args.delays_ms.split(",")]:
        results += measure_beside_floor(delay_ms, args.deliveries, args.concurrency, args.rounds, cert, workdir)
    write_results("callbacks.json", results)
    print("\n" + table(results))


def prepare(prefix: str) -> tuple[Path, str]:
    """The database (created, migrated), Django, a work folder and the sink's certificate, trusted
    by the worker through the environment it inherits. Returns (work folder, certificate file)."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER_URL)
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    ca, cert = write_certificate(workdir, "localhost")
    os.environ.update({"CALLBACK_ALLOWED_PRIVATE_HOSTS": "localhost", "CALLBACK_CA_BUNDLE": ca})
    prepare_database()
    setup_django()
    return workdir, cert


def measure_beside_floor(delay_ms: float, count: int, concurrency: int, rounds: int, cert: str, workdir: Path) -> list:
    """Rounds of the floor and both ways of queueing deliveries, in turn, with one sink and one worker
    process; each figure the median over the rounds, its ratio to the floor taken round by round."""
    record = workdir / f"sink-{delay_ms:g}.jsonl"
    sink = SinkProcess(cert, delay_ms=delay_ms, record=record)
    worker = start_worker(concurrency, workdir)
    runs = {path: [] for path in PATHS}
    try:
        send_floor(requests_of(create_result_deliveries(sink.url, WARM_UP)))
        wait_received(record, WARM_UP)
        for _ in range(rounds):
            for path in PATHS:
                runs[path].append(measure(path, sink.url, record, worker, count, delay_ms))
            for run in runs.values():
                run[-1]["vs_floor"] = run[-1]["per_second"] / runs["floor"][-1]["per_second"]
    finally:
        stop(worker, sink.process)
    rows = []
    for path, measured in runs.items():
        figures = {key: statistics.median(r[key] for r in measured) for key in FIGURES}
        rows.append({"path": path, "sink_delay_ms": delay_ms, "deliveries": count, "worker_threads": concurrency})
        rows[-1].update(figures, rounds=measured)
        print(row_markdown(rows[-1]), flush=True)
    return rows


def measure(path: str, url: str, record: Path, worker, count: int, delay_ms: float) -> dict:
    ids = create_result_deliveries(url, count)
    floor_requests = requests_of(ids) if path == "floor" else []
    received_before = len(record.read_text().splitlines())
    started, cpu_before = time.time(), cpu_seconds(worker.pid)
    if path == "floor":
        send_floor(floor_requests)
        # The sink records a request as it arrives; its answer leaves --delay-ms later.
        finished = wait_received(record, received_before + count) + delay_ms / 1000
    else:
        queue(path, ids)
        finished = wait_delivered()
    seconds = finished - started
    return {
        "seconds": seconds,
        "per_second": count / seconds,
        "worker_cpu_ms_per_callback": (cpu_seconds(worker.pid) - cpu_before) * 1000 / count,
    }


def requests_of(ids: list[str]) -> list[tuple]:
    """Each delivery's request as callbacks.services would send it: (method, url, body, headers)."""
    from callbacks import messages
    from callbacks.models import Delivery

    deliveries = Delivery.objects.filter(pk__in=ids).select_related("interview__organization", "interview__assessment")
    built = [messages.build(delivery) for delivery in deliveries]
    return [(m.method, m.url, json.dumps(m.body), m.headers) for m in built]


def send_floor(requests: list[tuple]) -> None:
    from bench.callback_floor import send_floor_request

    with send_floor_request.app.producer_or_acquire() as producer:
        for request in requests:
            send_floor_request.apply_async(request, producer=producer)


def queue(path: str, ids: list[str]) -> None:
    """Queue the deliveries as a scored result does (`result`) or as the sweep does (`sweep`)."""
    if path == "result":
        enqueue_deliveries(ids)
        return
    from django.db.models import F

    from callbacks.models import Delivery
    from callbacks.queueing import requeue_due_deliveries

    # Queued long ago as far as the sweep can tell: their messages are lost, as after a broker restart.
    Delivery.objects.filter(interview__organization__slug=BENCH_ORGANIZATION).update(
        queued_at=F("created_at") - timedelta(days=1)
    )
    while requeue_due_deliveries():  # what beat's sweep does, without waiting for its interval
        pass


def wait_received(record: Path, count: int, timeout: float = 600) -> float:
    """Wait until the sink has recorded `count` requests; returns the last one's arrival time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = record.read_text().splitlines()
        if len(lines) >= count:
            return json.loads(lines[count - 1])["at"]
        time.sleep(0.05)
    raise SystemExit(f"the sink received {len(lines)} of {count} requests: see the worker's log")


def wait_delivered(timeout: float = 1800) -> float:
    from callbacks.models import Delivery, DeliveryStatus

    deadline = time.monotonic() + timeout
    # By the benchmark's organization, not by the ids: a poll must cost the database next to nothing.
    unfinished = Delivery.objects.filter(interview__organization__slug=BENCH_ORGANIZATION).exclude(
        status=DeliveryStatus.SUCCEEDED
    )
    while unfinished.exists():
        if time.monotonic() > deadline:
            raise SystemExit("deliveries did not finish in time")
        time.sleep(0.05)
    return time.time()


def start_worker(concurrency: int, workdir: Path):
    """One Celery worker process (the Procfile's threads pool), able to run the floor's task too."""
    import subprocess

    command = worker_command(concurrency=concurrency, loglevel="WARNING", include=("bench.callback_floor",))
    log = open(workdir / "worker.log", "ab")  # noqa: SIM115  closed with the process
    env = {**os.environ, "WORKER_CONCURRENCY": str(concurrency)}
    return subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop(*processes) -> None:
    for process in processes:
        if process:
            process.terminate()
            process.wait(30)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads so far (proc(5): fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def row_markdown(r: dict) -> str:
    return (
        f"| {PATHS[r['path']]} | {r['sink_delay_ms']:.0f} ms | {r['deliveries']} | {r['worker_threads']} | "
        f"{r['seconds']:.1f} | {r['per_second']:.0f} | {r['vs_floor']:.2f} | {r['worker_cpu_ms_per_callback']:.1f} |"
    )


def table(results: list[dict]) -> str:
    head = "| how queued | sink delay | callbacks | threads | seconds | callbacks/s | vs floor | CPU ms/callback |"
    return "\n".join([head, "|" + " --- |" * 8, *(row_markdown(r) for r in results)])


if __name__ == "__main__":
    main()
