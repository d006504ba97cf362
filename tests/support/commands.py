"""Management commands run as an operator runs them."""

import io

from django.core.management import call_command


def run_command(*args: str) -> str:
    """Run a management command; returns what it printed on stdout."""
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def last_line(output: str) -> str:
    return output.rstrip("\n").splitlines()[-1]
