import os
import time
from pathlib import Path

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mariohr.settings")

app = Celery("mariohr")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The filesystem broker's folders in the order kombu's transport options name them.
FILESYSTEM_BROKER_FOLDERS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


@app.on_after_configure.connect
def make_local_state_folders(sender, source, **kwargs) -> None:
    """Make the folders the embedded defaults write to, which neither kombu nor beat makes: the
    filesystem broker's (CELERY_BROKER_URL=filesystem://) and the one of beat's schedule file.

    Here, not in settings, which every process reads: a process configures Celery once, before it
    first queues, consumes or schedules a task (web, worker and beat alike).
    """
    folders = [Path(source.beat_schedule_filename).parent]
    if source.broker_url.startswith("filesystem://"):
        folders += [Path(source.broker_transport_options[name]) for name in FILESYSTEM_BROKER_FOLDERS]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)


@signals.task_postrun.connect
def close_spent_connections(task=None, **kwargs) -> None:
    """After a task, close the thread's database connections that are broken, left in a
    transaction or older than CONN_MAX_AGE, as Django's close_old_connections does between web
    requests, and keep the rest for the thread's next task (CELERY_DB_REUSE_MAX in settings).

    Unlike close_old_connections, a healthy connection is not checked again before the next task:
    that check is a round trip for every callback. After a database error it is, and a connection
    that fails it is closed, so the task's retry gets a new one.
    """
    from django.db import connections

    if task is not None and getattr(task.request, "is_eager", False):
        return  # run in the caller's process and transaction (tests), which own the connection
    for connection in connections.all(initialized_only=True):
        if connection.connection is None or connection.in_atomic_block:
            continue
        expired = connection.close_at is not None and time.monotonic() >= connection.close_at
        left_in_transaction = connection.get_autocommit() != connection.settings_dict["AUTOCOMMIT"]
        if connection.errors_occurred or expired or left_in_transaction:
            connection.close_if_unusable_or_obsolete()
