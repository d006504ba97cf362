import io

import pytest
from django.core.management import call_command


@pytest.fixture
def manage(db):
    """Run a management command as an operator would; returns what it printed."""

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command(*args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    return run


def last_line(output: str) -> str:
    return output.rstrip("\n").splitlines()[-1]
