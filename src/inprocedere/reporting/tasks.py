"""Huey tasks of the reports: downloads written in the background (jobs.py)."""

from django.db import close_old_connections, transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from . import jobs


@db_task()
def export_job(job_id: str) -> None:
    jobs.run(job_id)


@db_periodic_task(crontab(minute="23"))
def discard_old_exports() -> int:
    return jobs.discard_old()


@on_startup(name="inprocedere.reporting.recover_exports")
def recover_exports() -> None:
    close_old_connections()
    jobs.recover()


def start_export(user, *, kind: str, fmt: str, query: dict):
    """The job for this export (`jobs.start`), queued after the commit when it is new."""
    job, new = jobs.start(user, kind=kind, fmt=fmt, query=query)
    if new:
        transaction.on_commit(lambda: export_job(str(job.pk)))
    return job, new
