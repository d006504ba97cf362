"""A private redis-server on a free port, so a test or a drill can stop and restart its broker."""

import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.support.ports import free_port


class PrivateRedis:
    """redis-server without persistence, like production's: a restart starts with nothing queued."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "PrivateRedis":
        # No persistence, like the machine's Redis: a restart loses every queued message.
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Its own session: a Ctrl-C in a drill's terminal reaches the drill, which stops it itself.
            start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def messages(self) -> dict[str, int] | None:
        """Messages waiting in Celery's default queue and held unacknowledged by workers; None if down."""
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        try:
            # No retries: redis-py's default backoff would hold the caller for seconds while Redis is down.
            client = redis.Redis(
                port=self.port, socket_timeout=1, socket_connect_timeout=1, retry=Retry(NoBackoff(), 0)
            )
            return {"queued": client.llen("celery"), "unacked": client.hlen("unacked")}
        except redis.RedisError:
            return None
