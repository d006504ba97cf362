"""The README's "Verify our callbacks" code, run as a receiver would run it: tests verify our
callbacks with exactly what customers are told to paste, so the README cannot drift from the code."""

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## Verify our callbacks"


@cache
def readme_verify() -> Callable[..., bool]:
    """The `verify(secret, headers, body)` function of the README's snippet."""
    text = README.read_text()
    section = text[text.index(SECTION) :]
    snippet = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    namespace: dict = {}
    exec(compile(snippet, f"{README.name} ({SECTION[3:]})", "exec"), namespace)
    return namespace["verify"]


def verified(secret: str, request) -> bool:
    """Whether a request the sink received verifies with `secret` (header names lower-cased, as
    the README asks)."""
    headers = {name.lower(): value for name, value in request.headers.items()}
    return readme_verify()(secret, headers, request.body)
