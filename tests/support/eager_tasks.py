"""Celery tasks run in the calling process as soon as they are queued, as an idle worker would."""

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def tasks_run_at_once() -> Iterator[None]:
    from mariohr.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = eager
