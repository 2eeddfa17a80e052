"""The daily look at retention: who is due for erasure, told to the DPO's inbox.

Nothing is erased automatically: erasure needs the DPO's confirmation with a step-up
(docs/data-subject-rights.md). The task only lists and notifies, so running it twice a
day files one item (its key names the day).
"""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

logger = logging.getLogger("inprocedere.tasks")


def notify_due(on=None) -> int:
    """File "N people are due for erasure" for every DPO position; returns N."""
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    from inprocedere.network.models import Position
    from inprocedere.privacy.roles import Role

    from .retention import due

    on = on or timezone.localdate()
    found = due(on)
    logger.info("Retention: %s participant(s) due for erasure on %s", len(found), on)
    if not found:
        return 0
    try:
        from inprocedere.inbox.services import deliver
    except ImportError:  # pragma: no cover - the inbox app is part of the project
        return len(found)
    positions = [p for p in Position.objects.filter(is_active=True) if Role.DPO in (p.roles or [])]
    with transaction.atomic(), override("de"):
        for position in positions:
            deliver(
                position=position,
                kind="rights.retention_due",
                key=f"rights.retention_due:{position.pk}:{on.isoformat()}",
                title=_("%(count)s participant(s) due for erasure") % {"count": len(found)},
                url=reverse("rights:retention_due"),
            )
    return len(found)


@db_periodic_task(crontab(minute="30", hour="3"))
def retention_due_daily() -> int:
    return notify_due()


@db_task()
def erasure_run(run_id: int) -> None:
    """Erase a run's people (rights/erasure_runs.py); an error marks the run as stopped,
    and the next start of the task goes on from the last person erased."""
    from . import erasure_runs

    try:
        erasure_runs.work(run_id)
    except Exception as error:
        erasure_runs.fail(run_id, error)
        raise


def start_erasure_run(*, actor, on=None):
    """Record the run (`erasure_runs.start`) and, when it is new, queue it after the
    commit; returns (run, new)."""
    from django.db import transaction

    from . import erasure_runs

    run, new = erasure_runs.start(actor=actor, on=on)
    if new:
        transaction.on_commit(lambda: erasure_run(run.pk))
    return run, new
