"""Large sheets are checked and imported in the background: as Huey tasks where Huey is
set up (the consumer `inprocedere serve` starts), otherwise in a thread of the web
process. Either way the import is one transaction; a worker that dies leaves nothing
written, and `recover()` (at the consumer's start and hourly) marks its run failed and
deletes its files (lifecycle.py); the duplicate keys of people imported by a worker that
died after its commit are computed then too (pending.py). Hourly, uploads checked but
never confirmed within a day are discarded with their files."""

import threading

from django.conf import settings
from django.db import close_old_connections

from . import jobs, lifecycle, pending

HUEY = "huey.contrib.djhuey" in settings.INSTALLED_APPS

if HUEY:
    from huey import crontab
    from huey.contrib.djhuey import db_periodic_task, db_task, on_shutdown, on_startup

    @db_task()
    def import_run_task(run_id: str) -> None:
        jobs.execute(run_id)

    @db_task()
    def import_check_task(run_id: str) -> None:
        jobs.check_job(run_id)

    @db_task()
    def pending_keys_task() -> None:
        pending.refresh_pending()

    @db_periodic_task(crontab(minute="17"))
    def discard_stale_imports() -> None:
        lifecycle.discard_stale()
        _pending_keys()

    @on_startup(name="inprocedere.imports.recover")
    def recover_imports() -> None:
        close_old_connections()
        recover()

    def _pending_keys() -> None:
        if pending.pending_count():
            pending_keys_task()

    def recover() -> None:
        """What a worker that died left: a run midway through an import (failed, its
        files deleted), people imported whose duplicate keys were not computed yet."""
        lifecycle.recover()
        _pending_keys()

    @on_shutdown(name="inprocedere.imports.fail_own_runs")
    def fail_own_imports() -> None:
        lifecycle.fail_own_runs()


def _in_thread(job, run_id) -> None:
    try:
        job(run_id)
    finally:
        close_old_connections()


def _start(job, run_id) -> None:
    threading.Thread(target=_in_thread, args=(job, run_id), daemon=True, name="import").start()


def enqueue(run_id) -> None:
    """Import a queued run in the background."""
    if HUEY:
        import_run_task(str(run_id))
        return
    _start(jobs.execute, run_id)


def enqueue_check(run_id) -> None:
    """Check a stored upload in the background."""
    if HUEY:
        import_check_task(str(run_id))
        return
    _start(jobs.check_job, run_id)
