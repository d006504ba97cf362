"""Fault drills for result callbacks: kill -9 the worker, restart Redis, restart PostgreSQL, mid-backlog,
with two faulty receivers among the healthy one and Ashby's updates among the deliveries.

    python -m bench.drills [--deliveries 3000] [--faulty 20] [--ashby 200] [--sink-delay-ms 50] [--keep-logs]

Everything runs privately in a temporary directory, with tests/support's stand-ins: a PostgreSQL
cluster and a redis-server on free ports, the recording HTTPS receivers (`https_sink`, one per
loopback address: the sink, `drip` on 127.0.0.2, `nul` on 127.0.0.3, Ashby on 127.0.0.4, its
ASHBY_API_BASE_URL), and the Procfile's `worker` and `beat` under a supervisor that restarts them
as systemd would. It queues every delivery at once and runs each drill once its share of the
backlog (--at) is delivered, so each hits deliveries in flight:

  worker   SIGKILL to the worker's whole process group; the supervisor starts a new one.
  redis    redis-server stopped and started again empty: every queued message is gone.
  postgres `pg_ctl stop -m fast`, a few seconds down with worker and beat failing, started again.

The worker and beat run with a short CALLBACK_TIMEOUT (--callback-timeout) and
CALLBACK_RETRY_SCHEDULE (--retry-schedule), so the faulty deliveries end within the run; other
timings are production's unless --lease-seconds, --requeue-after or --sweep-interval say otherwise.
Once every delivery has ended it compares what the receivers recorded with what was expected
(bench/drill_report.py, bench/drill_checks.py). Writes bench/results/drills.json; exits 1 if a
callback is lost, a healthy delivery did not succeed or a check failed, 2 if a drill found the
backlog already drained.
"""

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench.drill_checks import check_receivers, check_updates, markdown_checks
from bench.drill_report import analyse_drills, count_received, log_errors, markdown, summarize_errors
from bench.stack import setup_django, write_results
from tests.support.https_sink import SinkProcess, write_certificate
from tests.support.postgres_server import PrivatePostgres, postgres_bindir
from tests.support.redis_server import PrivateRedis
from tests.support.supervisor import PROJECT_DIR, ProcfileProcess, Supervisor

if TYPE_CHECKING:
    from bench.drill_watch import Monitor  # imported once Django is set up, with the private servers

DRILLS = ("worker", "redis", "postgres")
# Each receiver's host name (a loopback address of its own, so per-host effects show) and answer.
RECEIVERS = {
    "sink": ("localhost", "127.0.0.1", "ok"),
    "drip": ("127.0.0.2", "127.0.0.2", "drip"),
    "nul": ("127.0.0.3", "127.0.0.3", "nul"),
    "ashby": ("127.0.0.4", "127.0.0.4", "ashby"),
}


def main() -> None:
    args = _arguments()
    workdir = Path(tempfile.mkdtemp(prefix="mariohr-drills-"))
    # A plain `kill` of the drill must stop its servers too: make it unwind like Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        with contextlib.ExitStack() as cleanup:
            result = _run(args, workdir, cleanup)
    except KeyboardInterrupt:
        print("interrupted: the drill's servers and processes are stopped", file=sys.stderr)
        sys.exit(130)
    finally:
        _remove(workdir, keep_logs=args.keep_logs)
    write_results("drills.json", result)
    print("\n" + markdown(result) + "\n\n" + markdown_checks(result))
    totals = result["totals"]
    if totals["lost"] or totals["not_succeeded"] or totals["wrong_body"]:
        sys.exit(1)
    if not all(check["met"] for check in result["checks"]):
        sys.exit(1)
    if any(drill["skipped"] for drill in result["drills"]):
        sys.exit(2)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deliveries", type=int, default=3000, help="to the healthy sink")
    parser.add_argument("--faulty", type=int, default=20, help="deliveries to each faulty receiver")
    parser.add_argument("--ashby", type=int, default=200, help="Ashby interviews, two updates each")
    parser.add_argument("--callback-timeout", type=float, default=3.0, help="CALLBACK_TIMEOUT, seconds")
    parser.add_argument("--retry-schedule", default="0,2,4", help="CALLBACK_RETRY_SCHEDULE, seconds")
    parser.add_argument("--drip-for", type=float, default=30.0, help="the drip closes by itself after this")
    parser.add_argument("--sink-delay-ms", type=float, default=50.0, help="the sink answers this late")
    parser.add_argument("--at", default="0.15,0.35,0.6", help="share delivered before each drill")
    parser.add_argument("--redis-down-seconds", type=float, default=2.0)
    parser.add_argument("--pg-down-seconds", type=float, default=5.0)
    parser.add_argument("--lease-seconds", help="CALLBACK_LEASE_SECONDS (default: the settings')")
    parser.add_argument("--requeue-after", help="CALLBACK_REQUEUE_AFTER (default: the settings')")
    parser.add_argument("--sweep-interval", help="CALLBACK_SWEEP_INTERVAL (default: the settings')")
    parser.add_argument("--worker-concurrency", help="WORKER_CONCURRENCY (default: the Procfile's)")
    parser.add_argument("--pg-bindir", help="folder of initdb, pg_ctl, postgres (default: pg_config --bindir)")
    parser.add_argument("--pg-os-user", default="postgres", help="runs PostgreSQL when the drill runs as root")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for every delivery to end")
    parser.add_argument("--keep-logs", action="store_true", help="keep the processes' logs and the receivers' records")
    args = parser.parse_args()
    if args.drip_for <= args.callback_timeout + 1:
        parser.error("--drip-for must outlast --callback-timeout plus a second, or a drip would finish")
    return args


def _run(args: argparse.Namespace, workdir: Path, cleanup: contextlib.ExitStack) -> dict:
    logs = workdir / "logs"
    logs.mkdir()
    postgres = PrivatePostgres(postgres_bindir(args.pg_bindir), workdir, os_user=args.pg_os_user, log=logs / "pg.log")
    cleanup.callback(postgres.stop_quietly)
    postgres.create()
    redis = PrivateRedis(workdir)
    cleanup.callback(redis.stop)
    redis.start()
    receivers = _start_receivers(args, workdir, cleanup)
    _configure(args, postgres, redis, workdir)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=PROJECT_DIR, check=True)

    worker = ProcfileProcess("worker", env=dict(os.environ), logdir=logs)
    beat = ProcfileProcess("beat", env=dict(os.environ), logdir=logs)
    supervisor = Supervisor([worker, beat])
    cleanup.callback(supervisor.stop_all)
    for process in (worker, beat):
        process.start()
    _wait_ready(worker, beat)
    supervisor.start()

    setup_django()
    from tests.support.bulk_data import create_ashby_updates, create_result_deliveries, enqueue_deliveries

    ids = create_result_deliveries(receivers["sink"][0], args.deliveries + 2 * args.faulty)
    receiver_of = _point_faulty_deliveries(ids, receivers, args.faulty)
    ashby_updates = create_ashby_updates(args.ashby)
    ids += list(ashby_updates)
    receiver_of.update(dict.fromkeys(ashby_updates, "ashby"))
    _close_django_connections()
    from bench.drill_watch import Database, Monitor

    monitor = Monitor(Database(postgres.url), redis, total=len(ids))
    enqueue_deliveries(ids)
    rig = Rig(args, monitor, supervisor, worker, redis, postgres)
    drills = _run_drills(rig)
    last = monitor.wait_until(lambda s: s.finished == len(ids), args.timeout, "every delivery to end")
    drained = last.t if last else None
    time.sleep(3)  # a request still on its way to the sink is counted, not missed
    supervisor.stop_all()
    records = {name: record for name, (_, record) in receivers.items()}
    result = _result(args, monitor, supervisor, drills, records, receiver_of, Counter(rig.cut_off), drained, logs)
    ashby = check_updates(records["ashby"], ashby_updates, result.pop("status_of"))
    result["checks"] += ashby["checks"]
    return result | {"ashby": ashby["ashby"]}


def _close_django_connections() -> None:
    """This process is done with Django's connection: the monitor reads with its own."""
    from django.db import connection

    connection.close()


def _start_receivers(args, workdir: Path, cleanup: contextlib.ExitStack) -> dict[str, tuple[str, Path]]:
    """Each receiver's process; returns its callback URL and the file it records requests in."""
    ca, cert = write_certificate(workdir, *[name for name, _, _ in RECEIVERS.values()])
    os.environ["CALLBACK_CA_BUNDLE"] = ca
    started = {}
    for name, (host, address, answer) in RECEIVERS.items():
        record = workdir / "logs" / f"{name}.jsonl"
        options = {"record": record, "answer": answer, "delay_ms": args.sink_delay_ms, "drip_for": args.drip_for}
        receiver = SinkProcess(cert, host=host, address=address, **options)
        cleanup.callback(receiver.stop)
        started[name] = (receiver.url, record)
    # The worker and beat inherit this process's environment: Ashby's API is its receiver.
    os.environ["ASHBY_API_BASE_URL"] = started["ashby"][0].removesuffix("/hook")
    return started


def _point_faulty_deliveries(ids: list[str], receivers: dict, faulty: int) -> dict[str, str]:
    """Send `faulty` deliveries, spread through the queue, to each faulty receiver; id -> receiver."""
    from callbacks.models import Delivery

    receiver_of = dict.fromkeys(ids, "sink")
    chosen = ids[:: max(len(ids) // (2 * faulty), 1)][: 2 * faulty] if faulty else []
    for name, share in (("drip", chosen[0::2]), ("nul", chosen[1::2])):
        Delivery.objects.filter(pk__in=share).update(url=receivers[name][0])
        receiver_of.update(dict.fromkeys(share, name))
    return receiver_of


def _configure(args, postgres: PrivatePostgres, redis: PrivateRedis, workdir: Path) -> None:
    """The environment of this process, the worker and beat: the private servers, nothing shared."""
    os.environ.update(
        {
            "DATABASE_URL": postgres.url,
            "CELERY_BROKER_URL": redis.url,
            # beat's schedule file and the static folder, away from the project's var/.
            "MARIOHR_VAR_DIR": str(workdir / "var"),
            "CALLBACK_ALLOWED_PRIVATE_HOSTS": ",".join(host for host, _, _ in RECEIVERS.values()),
            "CALLBACK_TIMEOUT": f"{args.callback_timeout:g}",
            "CALLBACK_RETRY_SCHEDULE": args.retry_schedule,
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "mariohr.settings",
        }
    )
    # The cache stays in process memory rather than in whatever Redis the caller's shell names.
    for name in ("REDIS_URL", "EMAIL_URL"):
        os.environ.pop(name, None)
    for option, name in [
        ("lease_seconds", "CALLBACK_LEASE_SECONDS"),
        ("requeue_after", "CALLBACK_REQUEUE_AFTER"),
        ("sweep_interval", "CALLBACK_SWEEP_INTERVAL"),
        ("worker_concurrency", "WORKER_CONCURRENCY"),
    ]:
        if getattr(args, option):
            os.environ[name] = getattr(args, option)


def _wait_ready(*processes: ProcfileProcess, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not all(process.check_ready() for process in processes):
        if time.monotonic() > deadline or any(p.current.process.poll() is not None for p in processes):
            raise RuntimeError("worker or beat did not start: see their logs (--keep-logs)")
        time.sleep(0.2)


@dataclass
class Rig:
    """What the drills act on."""

    args: argparse.Namespace
    monitor: "Monitor"
    supervisor: Supervisor
    worker: ProcfileProcess
    redis: PrivateRedis
    postgres: PrivatePostgres
    # Deliveries whose attempt a drill cut off mid-flight (claimed at most CALLBACK_TIMEOUT + 1 s
    # before it): each goes again when its lease ends, beyond the schedule by design.
    cut_off: list[str] = field(default_factory=list)

    def note_cut_off(self, fault_at: float) -> None:
        in_flight = self.args.callback_timeout + 1
        self.cut_off += self.monitor.orphaned_claims(fault_at, claimed_since=fault_at - in_flight)


def _run_drills(rig: Rig) -> list[dict]:
    """Each drill once its share of the backlog is delivered and deliveries resumed after the last."""
    drills, monitor = [], rig.monitor
    shares = [float(share) for share in rig.args.at.split(",")]
    resumed_from = 0
    for name, share in zip(DRILLS, shares, strict=True):
        target = max(int(share * monitor.total), resumed_from + 1)
        sample = monitor.wait_until(lambda s, n=target: s.succeeded >= n, rig.args.timeout, f"{target} delivered")
        drill = {"name": name, "skipped": sample is None or sample.succeeded >= monitor.total}
        if drill["skipped"]:
            drills.append(drill)
            continue
        drill.update(at_s=monitor.now(), at_wall=time.time(), delivered_before=sample.succeeded)
        hit, what = DRILL_ACTIONS[name](rig)
        drill.update(hit_ids=hit, hit=len(hit), what=what, end_wall=time.time(), outage_s=monitor.now() - drill["at_s"])
        print(f"{drill['at_s']:6.1f} s  {name}: {what}", flush=True)
        drills.append(drill)
        resumed_from = monitor.latest_succeeded()
    return drills


def _kill_worker(rig: Rig) -> tuple[list[str], str]:
    pid = rig.supervisor.kill(rig.worker)
    killed_at = time.time()
    rig.monitor.wait(1)  # the dead worker's open transactions are rolled back as its connections drop
    hit = rig.monitor.orphaned_claims(killed_at)
    rig.note_cut_off(killed_at)
    return hit, (
        f"SIGKILL to the worker's process group (pid {pid}), {len(hit)} claimed deliveries orphaned; "
        "the supervisor starts a new worker"
    )


def _restart_redis(rig: Rig) -> tuple[list[str], str]:
    hit, messages = rig.monitor.pending(), rig.redis.messages() or {}
    started = time.monotonic()
    rig.redis.stop()
    rig.monitor.wait(rig.args.redis_down_seconds)
    rig.redis.start()
    return hit, (
        f"redis-server stopped holding {messages.get('queued')} queued and {messages.get('unacked')} "
        f"unacknowledged messages; started again empty after {time.monotonic() - started:.1f} s"
    )


def _restart_postgres(rig: Rig) -> tuple[list[str], str]:
    started = time.monotonic()
    rig.postgres.stop("fast")
    stopped, down_at = time.monotonic(), time.time()
    rig.monitor.wait(rig.args.pg_down_seconds)
    restarting = time.monotonic()
    rig.postgres.start()
    hit = rig.monitor.orphaned_claims(down_at)
    rig.note_cut_off(down_at)
    return hit, (
        f"`pg_ctl stop -m fast` ({stopped - started:.1f} s), down {restarting - stopped:.1f} s with worker and "
        f"beat failing, `pg_ctl start` ({time.monotonic() - restarting:.1f} s); "
        f"{len(hit)} claimed deliveries orphaned"
    )


DRILL_ACTIONS = {"worker": _kill_worker, "redis": _restart_redis, "postgres": _restart_postgres}


def _result(args, monitor: "Monitor", supervisor, drills, records, receiver_of, cut_off, drained, logs) -> dict:
    facts = monitor.facts()
    healthy = {i: public_id for i, public_id in facts["interview_of"].items() if receiver_of[i] == "sink"}
    received = count_received(records["sink"], healthy)
    faulty = {name: record for name, record in records.items() if name not in ("sink", "ashby")}
    checks = check_receivers(facts, receiver_of, faulty, cut_off, timeout=args.callback_timeout)
    errors = log_errors(logs)
    repeats = analyse_drills(drills, facts, received.pop("repeated"), supervisor.restarts, errors)
    totals = {
        **received,
        "duplicates_outside_the_drills": repeats["none"],
        "not_succeeded": sum(facts["status_of"][i] != "succeeded" for i in healthy),
        "seconds_to_drain": drained,
        "worker_restarts": sum(r.role == "worker" for r in supervisor.restarts),
        "beat_restarts": sum(r.role == "beat" for r in supervisor.restarts),
        "attempts": facts["attempts"],
    }
    first_fault = min((d["at_wall"] for d in drills if not d["skipped"]), default=float("inf"))
    return {
        "settings": {key: value for key, value in vars(args).items() if key not in ("pg_bindir", "keep_logs")}
        | {"effective": facts["settings"]},
        "drills": drills,
        "totals": totals,
        **checks,
        "restarts": [vars(r) for r in supervisor.restarts],
        "errors_before_the_first_drill": summarize_errors([e for e in errors if e[0] < first_fault]),
        # (seconds into the run, succeeded, finished, leased, queued in Redis, unacknowledged)
        "timeline": monitor.timeline,
        "status_of": facts["status_of"],  # for the Ashby checks, not kept in the results
    }


def _remove(workdir: Path, *, keep_logs: bool) -> None:
    if not keep_logs:
        shutil.rmtree(workdir, ignore_errors=True)
        return
    for child in workdir.iterdir():
        if child.name != "logs":
            shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink()
    print(f"logs kept in {workdir / 'logs'}", file=sys.stderr)


if __name__ == "__main__":
    main()
