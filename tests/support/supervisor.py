"""The Procfile's `worker` and `beat`, each a process of its own, under a supervisor that restarts them.

Used by the fault drills (bench/drills.py). Each role runs its Procfile line through `sh -c`, as
honcho does, with the virtualenv's bin folder first on PATH and in a process group of its own, so
that a drill can SIGKILL the whole group (the worker and every thread and child it has). In
production systemd or the platform restarts a worker that dies; `Supervisor` plays that part,
because kombu's Redis transport can exit a worker that holds unacknowledged messages when Redis
goes away, and a killed worker must come back.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
READY_LINES = {"worker": "ready.", "beat": "beat: Starting"}
# Like systemd's RestartSec: a process that cannot start is not restarted in a hot loop.
RESTART_PAUSE = 1.0


def procfile_command(role: str) -> str:
    for line in (PROJECT_DIR / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == role:
            return command.strip()
    raise AssertionError(f"no `{role}` line in the Procfile")


@dataclass
class Run:
    """One life of a role's process."""

    number: int
    process: subprocess.Popen
    log: Path
    started: float
    ready: float | None = None
    killed_by_drill: bool = False


@dataclass
class Restart:
    role: str
    died_at: float  # wall-clock time, to line up with the drills, the sink and the logs
    exit_code: int | None
    cause: str
    ready_after: float | None = None


class ProcfileProcess:
    def __init__(self, role: str, *, env: dict[str, str], logdir: Path):
        self.role = role
        self.command = procfile_command(role)
        self.env = {**env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"}
        self.logdir = logdir
        self.runs: list[Run] = []

    @property
    def current(self) -> Run | None:
        return self.runs[-1] if self.runs else None

    def start(self) -> Run:
        log = self.logdir / f"{self.role}-{len(self.runs) + 1}.log"
        with open(log, "ab") as out:
            process = subprocess.Popen(
                ["/bin/sh", "-c", self.command],
                cwd=PROJECT_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.runs.append(Run(len(self.runs) + 1, process, log, time.monotonic()))
        return self.runs[-1]

    def check_ready(self) -> bool:
        run = self.current
        if run and run.ready is None and READY_LINES[self.role] in run.log.read_text(errors="replace"):
            run.ready = time.monotonic()
        return bool(run and run.ready)

    def kill(self) -> int:
        """SIGKILL the whole process group: no warm shutdown, no ack, no cleanup. Returns the pid."""
        run = self.current
        run.killed_by_drill = True
        os.killpg(run.process.pid, signal.SIGKILL)
        return run.process.pid

    def stop(self) -> None:
        run = self.current
        if not run or run.process.poll() is not None:
            return
        os.killpg(run.process.pid, signal.SIGTERM)
        try:
            run.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(run.process.pid, signal.SIGKILL)
            run.process.wait(10)


@dataclass
class Supervisor:
    """Restarts any supervised process that exits, and remembers why it had to."""

    processes: list[ProcfileProcess]
    restarts: list[Restart] = field(default_factory=list)

    def __post_init__(self):
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> "Supervisor":
        self._thread.start()
        return self

    def stop_all(self) -> None:
        self._stopping.set()
        self._thread.join(5)
        for process in self.processes:
            process.stop()

    def kill(self, process: ProcfileProcess) -> int:
        with self._lock:
            return process.kill()

    def _watch(self) -> None:
        pending: dict[str, Restart] = {}
        while not self._stopping.wait(0.2):
            with self._lock:
                for process in self.processes:
                    self._check(process, pending)

    def _check(self, process: ProcfileProcess, pending: dict[str, Restart]) -> None:
        run = process.current
        if process.check_ready() and process.role in pending:
            pending.pop(process.role).ready_after = run.ready - run.started
        code = run.process.poll()
        if code is None or time.monotonic() - run.started < RESTART_PAUSE:
            return
        cause = "SIGKILL by the drill" if run.killed_by_drill else f"exited by itself (code {code})"
        restart = Restart(process.role, time.time(), code, cause)
        self.restarts.append(restart)
        pending[process.role] = restart
        process.start()
