"""The API reference's "Checking the signature" code (docs/api.md), run as a receiver would run it:
tests verify our callbacks with exactly what integrators are told to paste, so the published code
cannot drift from ours."""

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "api.md"
SECTION = "### Checking the signature"


@cache
def published_verify() -> Callable[..., bool]:
    """The `verify(secret, headers, body)` function of the reference's snippet."""
    text = REFERENCE.read_text()
    section = text[text.index(SECTION) :]
    snippet = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    namespace: dict = {}
    exec(compile(snippet, f"{REFERENCE.name} ({SECTION[4:]})", "exec"), namespace)
    return namespace["verify"]


def verified(secret: str, request) -> bool:
    """Whether a request the sink received verifies with `secret` (header names lower-cased, as
    the reference asks)."""
    headers = {name.lower(): value for name, value in request.headers.items()}
    return published_verify()(secret, headers, request.body)
