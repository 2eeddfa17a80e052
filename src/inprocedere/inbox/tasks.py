"""Background work of the inbox, run by the Huey consumer (docs/operations.md); the
periodic tasks are in `periodic.py` (they call the reminders, which file items through
the services, which queue the e-mail task here: one direction, no cycle).

Every task is safe to run twice: reminders are filed once per key, an item's e-mail is
sent once (`emailed_at`), a digest covers only what came after the last one. A task that
fails is retried (INPROCEDERE_TASK_RETRIES times, INPROCEDERE_TASK_RETRY_DELAY apart)
and every failure is logged by the `huey` logger and by ours.
"""

from __future__ import annotations

import logging

from django.conf import settings
from huey.contrib.djhuey import db_task, signal
from huey.signals import SIGNAL_ERROR

logger = logging.getLogger("inprocedere.tasks")

RETRIES = settings.INPROCEDERE_TASK_RETRIES
RETRY_DELAY = settings.INPROCEDERE_TASK_RETRY_DELAY


@signal(SIGNAL_ERROR)
def _log_failure(signal_name, task, exc=None):
    if task.retries:
        logger.warning(
            "Task %s (%s) failed, retrying in %ss (%s retries left): %r",
            task.name,
            task.id,
            task.retry_delay,
            task.retries,
            exc,
        )
    else:
        logger.error("Task %s (%s) failed, no retries left: %r", task.name, task.id, exc)


@db_task()
def ping(value: int = 0) -> int:
    """The operators' check that a consumer runs: `ping(20).get(blocking=True)` is 21."""
    return value + 1


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY)
def send_item_email(item_id: int) -> int:
    """E-mail one new item to the people who want it at once; returns how many were sent."""
    from .mail import send_item

    return send_item(item_id)
