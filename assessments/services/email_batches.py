"""Owed emails handed to the worker in batches: one broker message for the emails a process queues
within EMAIL_BATCH_SECONDS, not one message per send_test.

Building and publishing a Celery message cost about a third of send_test's CPU
(`python -m bench.http`); a message per batch shares that cost among its emails, and the worker's
cost per message (receive, bookkeeping, ack) with them.

Waiting loses nothing: the interview's row owes the email from the moment it is written
(email_outbox.py). A process killed with a batch not yet published leaves those stamps behind, and
the sweep (requeue_owed_emails) queues the emails again after REQUEUE_AFTER; a process that exits
normally (gunicorn's graceful stop or max_requests restart) publishes its batch on the way out.
"""

import atexit
import logging
import os
import threading
from datetime import datetime

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

# A worker thread sends a batch's emails one after the other: the last of a batch waits for the
# others, each a mail server's answer away.
MAX_EMAILS_PER_MESSAGE = 20

# (interview id, kind, the stamp the email was queued with) of the emails not yet published.
OwedEmail = tuple[int, str, str]
_pending: list[OwedEmail] = []
_lock = threading.Lock()
_timer_armed = False
_exit_hook_registered = False


def publish_soon(interview_id: int, kind: str, queued_at: datetime) -> None:
    """Hand the owed email to a worker within EMAIL_BATCH_SECONDS, in one message with the others
    this process queues meanwhile; at once when the setting is 0 (the tests) or the batch is full."""
    global _timer_armed
    seconds = settings.EMAIL_BATCH_SECONDS
    with _lock:
        _pending.append((interview_id, str(kind), queued_at.isoformat()))
        publish_now = seconds <= 0 or len(_pending) >= MAX_EMAILS_PER_MESSAGE
        arm_timer = not publish_now and not _timer_armed
        if arm_timer:
            _timer_armed = True
    if publish_now:
        publish_pending()
    elif arm_timer:
        _register_exit_hook()
        timer = threading.Timer(seconds, _publish_from_timer)
        timer.daemon = True
        timer.start()


def publish_pending() -> int:
    """Publish the emails waiting in this process as one message. Returns how many it handed over;
    0 with the broker unreachable, when each interview says its email waits for the sweep."""
    global _timer_armed
    with _lock:
        emails = list(_pending)
        _pending.clear()
        _timer_armed = False
    if not emails:
        return 0
    from assessments.services.email_outbox import mark_waiting_for_broker
    from assessments.tasks import send_candidate_emails

    try:
        send_candidate_emails.delay(emails)
    except Exception:  # the broker's many connection errors; the stamps stay, so the emails are still owed
        logger.warning("Broker unreachable; %s emails wait for the sweep", len(emails))
        for interview_id, kind, _ in emails:
            mark_waiting_for_broker(interview_id, kind)
        return 0
    return len(emails)


def forget_pending_emails() -> None:
    """Drop the emails waiting in this process (a test starts from none)."""
    global _timer_armed
    with _lock:
        _pending.clear()
        _timer_armed = False


def _publish_from_timer() -> None:
    try:
        publish_pending()
    except Exception:
        logger.exception("Could not publish the owed emails; the sweep queues them again")
    finally:
        # The timer's own thread: a database connection it opened (the broker was away) dies with it.
        connection.close()


def _register_exit_hook() -> None:
    global _exit_hook_registered
    if not _exit_hook_registered:
        _exit_hook_registered = True
        atexit.register(publish_pending)


def _forget_parents_batch() -> None:
    """In a forked child (a gunicorn worker): the parent's emails are the parent's to publish, its
    timer did not come along (threads do not survive a fork), nor did a thread that held the lock."""
    global _lock, _timer_armed
    _lock = threading.Lock()
    _pending.clear()
    _timer_armed = False


os.register_at_fork(after_in_child=_forget_parents_batch)
