"""A private PostgreSQL cluster on a free port, restartable at will (the fault drills stop it mid-run).

It listens on 127.0.0.1 and keeps its files in the caller's temporary directory, so stopping it
disturbs nobody else on the machine.

initdb and the PostgreSQL server refuse to run as root. When the caller runs as root, every
PostgreSQL command runs as an unprivileged OS user (`os_user`, the drills' --pg-os-user) through
`runuser -u USER --` (or `su USER -c` where runuser is missing); that user owns the cluster's
folder, and the root-owned temporary directory above it is opened to traversal (mode 0711) so the
user can reach it. The PostgreSQL binaries are found through `bindir` (the drills' --pg-bindir),
else `pg_config --bindir`, else PATH.
"""

import contextlib
import os
import pwd
import shlex
import shutil
import subprocess
from pathlib import Path

from tests.support.ports import free_port

DATABASE = "mariohr_drills"


def postgres_bindir(explicit: str | None) -> Path:
    """The folder holding initdb, pg_ctl and postgres: --pg-bindir, `pg_config --bindir`, PATH."""
    candidates = [explicit] if explicit else []
    if shutil.which("pg_config"):
        candidates.append(subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip())
    if shutil.which("initdb"):
        # Debian puts only wrappers or symlinks on PATH; the real folder holds `postgres` as well.
        candidates.append(str(Path(shutil.which("initdb")).resolve().parent))
    for candidate in filter(None, candidates):
        if all((Path(candidate) / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return Path(candidate)
    raise AssertionError("PostgreSQL's initdb, pg_ctl and postgres not found: pass --pg-bindir")


class PrivatePostgres:
    """A throwaway cluster: trust authentication, 127.0.0.1 only, no fsync (a drill, not a store)."""

    def __init__(self, bindir: Path, workdir: Path, *, os_user: str, log: Path):
        self.bindir = bindir
        self.port = free_port()
        self.folder = workdir / "postgres"
        self.data = self.folder / "data"
        self.os_user = os_user if os.geteuid() == 0 else None
        self.log = log

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def create(self) -> "PrivatePostgres":
        self.folder.mkdir()
        if self.os_user:
            account = pwd.getpwnam(self.os_user)
            # The OS user must reach its folder inside the root-owned temporary directory.
            self.folder.parent.chmod(0o711)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "-N")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.folder}'\nmax_connections = 200\n"
                # Speed, not durability: a fast stop still checkpoints, the drill needs nothing more.
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        self.start()
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
        return self

    def start(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """A real shutdown: `fast` disconnects every client; `immediate` is a crash, for cleanup."""
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def stop_quietly(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self.stop("immediate")

    def _pg(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.os_user:
            if shutil.which("runuser"):
                command = ["runuser", "-u", self.os_user, "--", *command]
            else:
                command = ["su", self.os_user, "-s", "/bin/sh", "-c", shlex.join(command)]
        with open(self.log, "ab") as log:
            # Its own session: a Ctrl-C in the terminal reaches the drill, which stops the server itself.
            subprocess.run(command, cwd=self.folder, stdout=log, stderr=log, check=True, start_new_session=True)
