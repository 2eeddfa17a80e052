"""Nightly: the batch run with training, so reviewers' decisions ("same person" merges)
and the register's name frequencies reach the model (docs/duplicates.md). Safe to run
twice: it recomputes everything in one transaction at its end."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

logger = logging.getLogger("inprocedere.tasks")


@db_periodic_task(crontab(minute="40", hour="2"))
def retrain():
    from .engine import rebuild

    stats = rebuild(train=True)
    logger.info("Duplicate detection retrained and recomputed: %s", stats)
    return stats.pairs
