"""The production stack on this machine, and what every benchmark sets up first.

`Stack`: gunicorn started exactly as the Procfile's web line does (`gunicorn mariohr.wsgi`, settings
from gunicorn.conf.py, WEB_CONCURRENCY processes) and one Celery worker (tests/support's command
line), each a process of its own, serving bench/urls.py (the service plus the floors).
`prepare_database` and `setup_django`: the benchmark's own database, created and migrated.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.celery_processes import worker_command
from tests.support.ports import free_port

PROJECT_DIR = Path(__file__).resolve().parent.parent
RESULTS = PROJECT_DIR / "bench" / "results"

DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/5"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/6"
# CPU seconds a second of a Celery worker that has nothing to do (its heartbeats): 2% of a core.
WORKER_IDLE_CPU = 0.02
BENCH_FIELD_ENCRYPTION_KEY = "bLOIl9FvE4kxxLY6jCeb9ZU0RG2zkCBbbM-MbBt8n0I="


def stack_env(database_url: str, port: int | None = None) -> dict[str, str]:
    """The environment of a production deployment, pointed at the benchmark's database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", DEFAULT_BROKER_URL),
        "REDIS_URL": os.environ.get("REDIS_URL", DEFAULT_CACHE_URL),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PUBLIC_BASE_URL": "https://hr.mariohr.example",
        # Production refuses the built-in secrets (mariohr/startup_checks.py): the bench has its own.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-secret-key-not-for-production",
        "RUNTIME_API_TOKEN": os.environ.get("RUNTIME_API_TOKEN") or "bench-runtime-token",
        "FIELD_ENCRYPTION_KEY": os.environ.get("FIELD_ENCRYPTION_KEY") or BENCH_FIELD_ENCRYPTION_KEY,
        # wrk speaks plain HTTP to gunicorn, with no TLS-ending proxy in front to say it was https.
        "SECURE_SSL_REDIRECT": "false",
        # Far above the load: each request still counts against its key (one Redis round trip).
        "API_RATE_LIMIT": "1000000/min",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        "MARIOHR_URLCONF": "bench.urls",
        # Signing a recording URL is local computation; it needs credentials, as in production.
        "AWS_ACCESS_KEY_ID": "AKIABENCHMARKEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "bench-secret-access-key",
        "AWS_EC2_METADATA_DISABLED": "true",
        # The worker renders and "sends" each invitation; no mail server is part of the benchmark.
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    env.pop("EMAIL_URL", None)
    if port is not None:
        env["PORT"] = str(port)
    return env


def prepare_database() -> None:
    """Create DATABASE_URL's PostgreSQL database if missing and migrate it (in a child process)."""
    url = os.environ["DATABASE_URL"]
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=PROJECT_DIR, check=True)
    settle_database()


def settle_database() -> None:
    """CHECKPOINT: PostgreSQL writes out now what earlier work left in memory (the data just
    loaded, or the databases a test run made and dropped), not during a measured run, where a
    checkpoint's sync stalls every request that commits. Needs a superuser (or pg_checkpoint);
    without one the run goes on and says so."""
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CHECKPOINT")
    except psycopg.errors.InsufficientPrivilege:
        print("no CHECKPOINT before the runs (not a superuser): a checkpoint may stall them", file=sys.stderr)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mariohr.settings")
    import django

    django.setup()


def write_results(name: str, result) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n")


def venv_command(name: str) -> list[str]:
    script = Path(sys.executable).with_name(name)
    if script.exists():
        return [str(script)]
    found = shutil.which(name)
    return [found] if found else [sys.executable, "-m", name]


class Stack:
    """gunicorn (and optionally one Celery worker) serving one database on a free port."""

    def __init__(self, database_url: str, logdir: Path, *, worker: bool = True, name: str = "web"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = stack_env(database_url, self.port)
        self.logdir = logdir
        self.name = name
        self.with_worker = worker
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None

    def __enter__(self) -> "Stack":
        self.web = self._start([*venv_command("gunicorn"), "mariohr.wsgi"], f"{self.name}-gunicorn")
        if self.with_worker:
            concurrency = int(self.env.get("WORKER_CONCURRENCY", "32"))
            self.worker = self._start(worker_command(concurrency=concurrency), f"{self.name}-celery")
        self._wait_ready()
        return self

    def check_alive(self) -> None:
        """Stop the benchmark if gunicorn or the worker has died: its figures would mean nothing."""
        for process, log in ((self.web, "gunicorn"), (self.worker, "celery")):
            if process and process.poll() is not None:
                raise SystemExit(f"{log} exited; see {self.logdir}/{self.name}-{log}.log")

    def __exit__(self, *exc) -> None:
        for process in (self.worker, self.web):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()

    def _start(self, command: list[str], log: str) -> subprocess.Popen:
        # gunicorn's access log (stdout) and everything else go to files, not to this terminal.
        out = open(self.logdir / f"{log}.log", "ab")  # noqa: SIM115  closed with the process
        return subprocess.Popen(command, cwd=PROJECT_DIR, env=self.env, stdout=out, stderr=subprocess.STDOUT)

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        worker_log = self.logdir / f"{self.name}-celery.log"
        # The worker logs "celery@<host> ready." once it consumes from the broker.
        while self.worker and b" ready." not in worker_log.read_bytes():
            self.check_alive()
            if time.monotonic() > deadline:
                raise SystemExit(f"the Celery worker did not start; see {worker_log}")
            time.sleep(0.2)
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/bench/floor1/test_status", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if self.web.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start; see {self.logdir}/{self.name}-gunicorn.log")
            time.sleep(0.2)

    def pause_worker(self) -> None:
        """Stop the worker's process (SIGSTOP): it takes no CPU until resume_worker; what is
        queued meanwhile waits in the broker."""
        if self.worker:
            os.kill(self.worker.pid, signal.SIGSTOP)

    def resume_worker(self) -> None:
        if self.worker:
            os.kill(self.worker.pid, signal.SIGCONT)

    def worker_cpu_seconds(self) -> float:
        """CPU time (user + system) the worker's process has used so far (the threads pool: one
        process)."""
        fields = Path(f"/proc/{self.worker.pid}/stat").read_text().rpartition(")")[2].split()
        # utime and stime are fields 14 and 15 of proc(5), counted from the state (field 3).
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait_for_idle_worker(self, timeout: float = 600) -> float:
        """Wait until the worker has finished the tasks it took: a second in which it used less
        than WORKER_IDLE_CPU of CPU. Returns the seconds waited."""
        started = time.monotonic()
        used = self.worker_cpu_seconds()
        while True:
            time.sleep(1)
            self.check_alive()
            before, used = used, self.worker_cpu_seconds()
            if used - before < WORKER_IDLE_CPU:
                return time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise SystemExit(f"the worker was still busy after {timeout} s")

    def memory(self) -> dict:
        """Resident memory (VmRSS, and its peak VmHWM) of every process, in MiB."""
        processes = {}
        if self.web:
            processes["gunicorn master"] = [self.web.pid]
            processes["gunicorn worker"] = children(self.web.pid)
        if self.worker:
            processes["celery worker"] = [self.worker.pid, *children(self.worker.pid)]
        return {
            role: [{"pid": pid, **status_mib(pid, "VmRSS", "VmHWM")} for pid in pids]
            for role, pids in processes.items()
        }


def children(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                children.append(int(entry.name))
    return sorted(children)


def status_mib(pid: int, *fields: str) -> dict[str, float]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in fields:
            values[name] = round(int(rest.split()[0]) / 1024, 1)  # kB
    return values


def queue_length(broker_url: str, queue: str = "celery") -> int:
    import redis

    return redis.Redis.from_url(broker_url).llen(queue)


def wait_for_empty_queue(stack: Stack, broker_url: str, timeout: float = 600) -> float:
    """Wait until the worker has taken every queued task; returns the seconds waited."""
    started = time.monotonic()
    while queue_length(broker_url):
        stack.check_alive()
        if time.monotonic() - started > timeout:
            raise SystemExit(f"the worker did not drain the queue in {timeout} s")
        time.sleep(0.5)
    return time.monotonic() - started
