import time
from collections.abc import Callable


def wait_until(condition: Callable[[], bool], *, timeout: float = 30.0, what: str = "the condition") -> None:
    """Poll until `condition()` holds; fail with `what` if it does not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)
