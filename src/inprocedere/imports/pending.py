"""The duplicate detection's keys and pairs of the people an import registered, computed
after the import's commit (decision 0022).

Inside the import's transaction they were the largest single cost (a quarter of the
write pass on PostgreSQL), and nothing in the import needs them: they serve the review of
possible duplicates and the duplicate check of later registrations. So the import
writes one `PendingKeys` row per new person with its records, and after the commit the
same job computes them chunk by chunk, each chunk in a transaction that deletes its rows.
A worker that dies in between leaves rows behind; `refresh_pending()` without a run
(the task queue's start and hourly, `tasks.py`) computes whatever is left.
"""

from __future__ import annotations

import logging

from django.db import connection, transaction

from inprocedere.core import derived

from .models import PendingKeys

logger = logging.getLogger(__name__)

DEFERRED = "duplicates.keys"  # the core.derived refresher left to after the commit
CHUNK = 1000


def in_transaction() -> list[str]:
    """The derived data an import refreshes with its records (search text, reach, …)."""
    return [name for name in derived.registered() if name != DEFERRED]


def refresh_pending(run_id=None) -> int:
    """Compute the keys and pairs still pending (of one run, or all); returns how many
    people were done. Safe to run twice at once: on PostgreSQL a chunk taken by one is
    skipped by the other, elsewhere both compute the same."""
    done = 0
    while True:
        with transaction.atomic():
            rows = PendingKeys.objects.order_by("pk")
            if run_id is not None:
                rows = rows.filter(run_id=run_id)
            if connection.features.has_select_for_update_skip_locked:
                rows = rows.select_for_update(skip_locked=True)
            chunk = list(rows.values_list("pk", "participant_id")[:CHUNK])
            if not chunk:
                return done
            if DEFERRED in derived.registered():
                derived.refresh(sorted({person for _pk, person in chunk}), only=[DEFERRED])
            PendingKeys.objects.filter(pk__in=[pk for pk, _person in chunk]).delete()
        done += len(chunk)


def pending_count(run_id=None) -> int:
    rows = PendingKeys.objects.all()
    return (rows.filter(run_id=run_id) if run_id is not None else rows).count()
