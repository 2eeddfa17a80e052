"""Background work of the inbox, run by the Huey consumer (docs/operations.md).

Every task is safe to run twice: reminders are filed once per key, an item's e-mail is
sent once (`emailed_at`), a digest covers only what came after the last one. A task that
fails is retried (INPROCEDERE_TASK_RETRIES times, INPROCEDERE_TASK_RETRY_DELAY apart)
and every failure is logged by the `huey` logger and by ours.
"""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, signal
from huey.signals import SIGNAL_ERROR, SIGNAL_RETRYING

logger = logging.getLogger("inprocedere.tasks")

RETRIES = settings.INPROCEDERE_TASK_RETRIES
RETRY_DELAY = settings.INPROCEDERE_TASK_RETRY_DELAY


@signal(SIGNAL_ERROR, SIGNAL_RETRYING)
def _log_failure(signal_name, task, exc=None):
    if signal_name == SIGNAL_RETRYING:
        logger.warning("Task %s (%s) failed, retrying: %s", task.name, task.id, exc)
    else:
        logger.error(
            "Task %s (%s) failed (%s retries left): %s", task.name, task.id, task.retries, exc
        )


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY)
def send_item_email(item_id: int) -> int:
    """E-mail one new item to the people who want it at once; returns how many were sent."""
    from .mail import send_item

    return send_item(item_id)


@db_periodic_task(
    crontab(minute="0", hour=str(settings.INPROCEDERE_REMINDER_HOUR)),
    retries=RETRIES,
    retry_delay=RETRY_DELAY,
)
def compute_reminders_daily() -> dict:
    """File the reminders due today (each occurrence once)."""
    from .reminders import compute_all

    return compute_all()


@db_periodic_task(
    crontab(minute="0", hour=str(settings.INPROCEDERE_DIGEST_HOUR)),
    retries=RETRIES,
    retry_delay=RETRY_DELAY,
)
def send_digests_daily() -> int:
    """Send each user who chose the daily digest the items filed since the last one."""
    from .mail import send_digests

    return send_digests()
