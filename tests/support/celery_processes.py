"""Real Celery workers and beat, started as separate processes, as an operator would run them.

`worker_command` is the one worker command line of the tests and the benchmarks: the Procfile's
worker (threads pool) without the cluster chatter a single worker has no use for.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def worker_command(*, concurrency: int, loglevel: str = "INFO", include: tuple[str, ...] = ()) -> list[str]:
    """`python -m celery -A mariohr worker ...`; `include` adds task modules outside the apps."""
    return [
        *(sys.executable, "-m", "celery", "-A", "mariohr", "worker", "--pool", "threads"),
        *("--concurrency", str(concurrency), "--without-gossip", "--without-mingle", "--without-heartbeat"),
        *("--loglevel", loglevel),
        *(f"--include={module}" for module in include),
    ]


def database_url_for_processes() -> str:
    """DATABASE_URL of the test database this process uses, for the processes it starts."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class CeleryProcess:
    """`celery -A mariohr worker|beat` with the given environment on top of this process's."""

    def __init__(self, command: list[str], *, env: dict[str, str], log_path: Path, ready_line: str):
        self.command = command
        self.env = {**os.environ, "DATABASE_URL": database_url_for_processes(), **env}
        self.log_path = log_path
        self.ready_line = ready_line
        self.process: subprocess.Popen | None = None

    @classmethod
    def worker(cls, *, env: dict[str, str], log_path: Path, concurrency: int = 8) -> "CeleryProcess":
        return cls(worker_command(concurrency=concurrency)[5:], env=env, log_path=log_path, ready_line="ready.")

    @classmethod
    def beat(cls, *, env: dict[str, str], log_path: Path, schedule_path: Path) -> "CeleryProcess":
        command = ["beat", "--loglevel", "INFO", "--schedule", str(schedule_path)]
        return cls(command, env=env, log_path=log_path, ready_line="beat: Starting")

    def start(self, timeout: float = 30.0) -> "CeleryProcess":
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = open(self.log_path, "ab")  # noqa: SIM115  closed with the process
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "mariohr", *self.command],
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready_line in self.log_path.read_text(errors="replace")[offset:]:
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"celery {self.command[0]} did not start:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL the whole process group: no warm shutdown, no chance to ack or clean up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:] if self.log_path.exists() else ""
