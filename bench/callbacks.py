"""Callbacks per second from ONE Celery worker process against a local HTTPS sink.

    python -m bench.callbacks [--deliveries 2000] [--delays-ms 0,50,100] [--concurrency 32]

Uses DATABASE_URL and CELERY_BROKER_URL from the environment (defaults: the local PostgreSQL
database `mariohr_bench_callbacks`, created if missing, and Redis on 127.0.0.1:6379/5), starts the
sink and the worker as separate processes, queues N due deliveries at once and times how long the
worker takes to deliver them all: once queued a message per result (as results are scored), once
by the sweep in chunks (as a backlog is). Reports callbacks per second and the worker's CPU time per
callback, which a noisy machine changes least. Prints a Markdown table; writes
bench/results/callbacks.json.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Its own database: the HTTP benchmark's data set keeps its size whatever runs here.
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mariohr_bench_callbacks"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/5"
BENCH_ORGANIZATION = "bench-callbacks"
# How deliveries reach the worker: one message each, as a result is scored (callbacks.services.
# schedule_delivery), or in the sweep's chunks, as a backlog is (requeue_due_deliveries).
PATHS = {"result": "a message per result", "sweep": "the sweep's chunks"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deliveries", type=int, default=2000)
    parser.add_argument("--delays-ms", default="0,50,100")
    parser.add_argument("--concurrency", type=int, default=32, help="worker threads (the Procfile's default)")
    args = parser.parse_args()
    workdir, cert, key = prepare("mariohr-bench-")

    results = []
    for path in PATHS:
        for delay_ms in [float(d) for d in args.delays_ms.split(",")]:
            results.append(_measure(path, delay_ms, args.deliveries, args.concurrency, cert, key, workdir))
            print(_row(results[-1]), flush=True)

    out = PROJECT_DIR / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "callbacks.json").write_text(json.dumps(results, indent=2))
    print(
        "\n| how queued | sink delay | deliveries | worker threads | seconds | callbacks/s | worker CPU ms/callback |\n"
        "| --- | --- | --- | --- | --- | --- | --- |"
    )
    for result in results:
        print(_row(result))


def prepare(prefix: str) -> tuple[Path, str, str]:
    """The database (created, migrated), a work folder and the sink's certificate, trusted by the
    worker through the environment it inherits. Returns (work folder, certificate, its key)."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER_URL)
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    cert, key, ca = _certificates(workdir)
    os.environ.update({"CALLBACK_ALLOWED_PRIVATE_HOSTS": "localhost", "CALLBACK_CA_BUNDLE": ca})
    _prepare_database()
    return workdir, cert, key


def _row(r: dict) -> str:
    return (
        f"| {PATHS[r['path']]} | {r['sink_delay_ms']:.0f} ms | {r['deliveries']} | {r['worker_threads']} | "
        f"{r['seconds']:.1f} | {r['per_second']:.0f} | {r['worker_cpu_ms_per_callback']:.1f} |"
    )


def _certificates(workdir: Path) -> tuple[str, str, str]:
    import trustme

    ca = trustme.CA()
    server_cert = ca.issue_cert("localhost")
    paths = [workdir / "cert.pem", workdir / "key.pem", workdir / "ca.pem"]
    server_cert.cert_chain_pems[0].write_to_path(str(paths[0]))
    server_cert.private_key_pem.write_to_path(str(paths[1]))
    ca.cert_pem.write_to_path(str(paths[2]))
    return tuple(str(p) for p in paths)


def _prepare_database() -> None:
    url = os.environ["DATABASE_URL"]
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=PROJECT_DIR, check=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _measure(path: str, delay_ms: float, count: int, concurrency: int, cert: str, key: str, workdir: Path) -> dict:
    sink, port = start_sink(delay_ms, cert, key)
    worker = None
    try:
        ids = _create_deliveries(f"https://localhost:{port}/hook", count)
        worker = start_worker(concurrency, workdir)
        started, cpu_before = time.monotonic(), _cpu_seconds(worker.pid)
        queue(path, ids)
        _wait_delivered(ids)
        seconds = time.monotonic() - started
        cpu_seconds = _cpu_seconds(worker.pid) - cpu_before
    finally:
        stop(worker, sink)
    return {
        "path": path,
        "sink_delay_ms": delay_ms,
        "deliveries": count,
        "worker_threads": concurrency,
        "seconds": seconds,
        "per_second": count / seconds,
        # CPU time is what a noisy machine changes least: it says what one callback costs the worker.
        "worker_cpu_ms_per_callback": cpu_seconds * 1000 / count,
    }


def start_sink(delay_ms: float, cert: str, key: str) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    command = ["-m", "bench.sink", "--port", str(port), "--delay-ms", str(delay_ms), "--cert", cert, "--key", key]
    return subprocess.Popen([sys.executable, *command], cwd=PROJECT_DIR), port


def start_worker(concurrency: int, workdir: Path) -> subprocess.Popen:
    """One Celery worker process as the Procfile's worker line starts it; returns once it consumes."""
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mariohr",
            "worker",
            "--pool",
            "threads",
            "--concurrency",
            str(concurrency),
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=PROJECT_DIR,
        env={**os.environ, "WORKER_CONCURRENCY": str(concurrency)},
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "worker.log", "ab"),  # noqa: SIM115  closed with the process
    )
    time.sleep(3)  # the worker connects before the clock starts
    return worker


def stop(*processes: subprocess.Popen | None) -> None:
    for process in processes:
        if process:
            process.terminate()
            process.wait(30)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads so far (proc(5): fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mariohr.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def _create_deliveries(url: str, count: int) -> list[str]:
    _django()
    from django.utils import timezone

    from assessments.models import Assessment, Interview, Organization
    from ats_api.greenhouse.representations import GREENHOUSE
    from ats_api.greenhouse.results import RESULT
    from callbacks.models import Delivery

    org, _ = Organization.objects.get_or_create(slug=BENCH_ORGANIZATION, defaults={"name": "Bench"})
    assessment, _ = Assessment.objects.get_or_create(test_id="bench-test", defaults={"name": "Bench test"})
    _delete_previous_runs(org)
    interviews = Interview.objects.bulk_create(
        Interview(
            integration=GREENHOUSE,
            organization=org,
            assessment=assessment,
            candidate_email=f"c{n}@example.com",
            callback_url=f"{url}/{n}",
            status="scored",
            score_total=80,
            score_max=100,
            score_breakdown=[{"name": "All", "score": 80, "max": 100, "comment": ""}],
        )
        for n in range(count)
    )
    # Far in the past for queued_at: the sweep is not running, the benchmark queues them itself.
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        Delivery(interview=i, message=RESULT, url=i.callback_url, next_attempt_at=now, queued_at=now)
        for i in interviews
    )
    return [str(d.id) for d in deliveries]


def _delete_previous_runs(organization) -> None:
    """Delete the benchmark organization's earlier interviews, deliveries and attempts, one
    statement each: the ORM's cascade would first read 100k rows into memory."""
    from assessments.models import Interview
    from callbacks.models import Delivery, DeliveryAttempt

    for queryset in (
        DeliveryAttempt.objects.filter(delivery__interview__organization=organization),
        Delivery.objects.filter(interview__organization=organization),
        Interview.objects.filter(organization=organization),
    ):
        queryset._raw_delete(queryset.db)


def queue(path: str, ids: list[str]) -> None:
    if path == "result":
        _enqueue(ids)
        return
    from django.db.models import F

    from callbacks.models import Delivery
    from callbacks.services import requeue_due_deliveries

    # Queued long ago as far as the sweep can tell: their messages are lost, as after a broker restart.
    Delivery.objects.filter(interview__organization__slug=BENCH_ORGANIZATION).update(
        queued_at=F("created_at") - timedelta(days=1)
    )
    while requeue_due_deliveries():  # what beat's sweep does, without waiting for its interval
        pass


def _enqueue(ids: list[str]) -> None:
    from callbacks.tasks import deliver_result

    with deliver_result.app.producer_or_acquire() as producer:
        for delivery_id in ids:
            deliver_result.apply_async((delivery_id,), producer=producer)


def _wait_delivered(ids: list[str], timeout: float = 1800) -> None:
    from callbacks.models import Delivery, DeliveryStatus

    deadline = time.monotonic() + timeout
    # By the benchmark's organization, not by the ids: a poll must cost the database next to nothing.
    unfinished = Delivery.objects.filter(interview__organization__slug=BENCH_ORGANIZATION).exclude(
        status=DeliveryStatus.SUCCEEDED
    )
    while unfinished.exists():
        if time.monotonic() > deadline:
            raise SystemExit("deliveries did not finish in time")
        time.sleep(0.1)


if __name__ == "__main__":
    main()
