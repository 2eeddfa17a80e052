"""The inbox's periodic tasks (registered with Huey by `InboxConfig.ready`): reminders
computed hourly in the reminder hours, the daily digest. Safe to run twice, retried on
failure (see `tasks.py`)."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .tasks import RETRIES, RETRY_DELAY


@db_periodic_task(
    crontab(minute="7", hour=settings.INPROCEDERE_REMINDER_HOURS),
    retries=RETRIES,
    retry_delay=RETRY_DELAY,
)
def compute_reminders_daily() -> dict:
    """File the reminders due today (each occurrence once, however often this runs)."""
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
