"""Large imports run in the background: as a Huey task where Huey is set up (the consumer
`inprocedere serve` starts), otherwise in a thread of the web process (the import is one
transaction either way; a thread dies with its process, and the run then stays
"importing" with nothing written). Hourly, uploads checked but never confirmed within a
day are discarded with their files."""

import threading

from django.conf import settings
from django.db import close_old_connections

HUEY = "huey.contrib.djhuey" in settings.INSTALLED_APPS

if HUEY:
    from huey import crontab
    from huey.contrib.djhuey import db_periodic_task, db_task

    @db_task()
    def import_run_task(run_id: str) -> None:
        from .services import execute

        execute(run_id)

    @db_periodic_task(crontab(minute="17"))
    def discard_stale_imports() -> None:
        from .services import discard_stale

        discard_stale()


def _in_thread(run_id) -> None:
    from .services import execute

    try:
        execute(run_id)
    finally:
        close_old_connections()


def enqueue(run_id) -> None:
    if HUEY:
        import_run_task(str(run_id))
        return
    threading.Thread(target=_in_thread, args=(run_id,), daemon=True, name="import").start()
