"""A run's life outside the request: progress and heartbeat, failure, clean-up, recovery.

A running job (check or import) keeps a small JSON file next to the upload,
`MEDIA_ROOT/imports/<id>.progress`: rows done, rows in all, and who works on it (host
and process id). The write pass is one transaction, invisible to other connections
until it commits, so the page's progress bar reads this file; its time of change is
the job's heartbeat.

An import killed midway (kill -9, a crash, a restart) leaves its transaction rolled back
by the database, so no row of it is written. What it may leave is its run marked
"importing" and its files. `recover()` finds both, at the worker's start and hourly: a
run whose worker is gone (the process no longer exists on this host, or its heartbeat
is older than HEARTBEAT_STALE) is marked failed with its files deleted, and every file
in the import folder that belongs to no live run is deleted. A process that shuts down
in order (the Huey consumer's shutdown hook, `atexit`) fails its own runs at once.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import json
import logging
import os
import socket
import threading
import time
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit

from . import conf
from .models import ImportRun
from .problems import Problem

logger = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(days=1)  # checked but never confirmed; queued but never run
HEARTBEAT_STALE = dt.timedelta(minutes=15)  # a job that has not reported for this long
# A file of no run at all is left alone this long: another process may be between
# creating its run and committing it.
ORPHAN_GRACE = dt.timedelta(minutes=5)
HOST = socket.gethostname()
LIVE = (
    ImportRun.Status.CHECKING,
    ImportRun.Status.CHECKED,
    ImportRun.Status.QUEUED,
    ImportRun.Status.RUNNING,
)
WORKING = (ImportRun.Status.CHECKING, ImportRun.Status.RUNNING)

_active: set[str] = set()  # runs this process is working on now
_active_lock = threading.Lock()


# --- progress and heartbeat ---------------------------------------------------------------


def progress_path(run) -> Path:
    return conf.storage_dir() / f"{run.pk}.progress"


def write_progress(run, done: int, total: int, *, waiting: bool = False) -> None:
    """Report progress; `waiting`: nobody works on the run yet (queued for a worker)."""
    path = progress_path(run)
    worker = {} if waiting else {"host": HOST, "pid": os.getpid()}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"done": done, "total": total, **worker}))
    os.replace(temporary, path)


def _read(run) -> dict:
    try:
        data = json.loads(progress_path(run).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_progress(run) -> dict:
    """{done, total, percent} of a running check or import (total 0: not known yet)."""
    total = run.summary.get("valid_rows", 0) or run.rows
    done = total if run.status == ImportRun.Status.DONE else 0
    data = _read(run)
    with contextlib.suppress(KeyError, TypeError, ValueError):
        done, total = int(data["done"]), int(data["total"]) or total
    percent = int(100 * done / total) if total else 0
    return {"done": done, "total": total, "percent": min(percent, 100)}


# --- a job in this process ------------------------------------------------------------------


class working:
    """`with working(run):` marks the run as this process's job while the block runs."""

    def __init__(self, run):
        self.key = str(run.pk)

    def __enter__(self):
        with _active_lock:
            _active.add(self.key)
        return self

    def __exit__(self, *exc):
        with _active_lock:
            _active.discard(self.key)


def fail(run, actor, problem: Problem) -> None:
    run.status = ImportRun.Status.FAILED
    run.finished_at = timezone.now()
    run.problems = [problem.as_stored(), *run.problems]
    run.summary = {**run.summary, "errors": run.summary.get("errors", 0) + 1}
    run.preview = []
    with transaction.atomic():
        run.save(update_fields=["status", "finished_at", "problems", "summary", "preview"])
        audit.record(
            "imports.run.failed",
            actor=actor,
            obj=run,
            detail={"file": run.file_name, "row": problem.row, "column": problem.column},
        )


def cleanup(run) -> None:
    """Delete the run's upload and progress file (its report stays)."""
    if run.stored_path:
        Path(run.stored_path).unlink(missing_ok=True)
        ImportRun.objects.filter(pk=run.pk).update(stored_path="")
        run.stored_path = ""
    for suffix in (".upload", ".progress", ".tmp"):
        (conf.storage_dir() / f"{run.pk}{suffix}").unlink(missing_ok=True)


def _stopped(run) -> None:
    text = _("The import stopped before it finished; nothing was written. Please upload again.")
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().filter(pk=run.pk, status__in=LIVE).first()
        if locked is not None:
            fail(locked, None, Problem(None, "", "service", {"text": text}))
    cleanup(run)


def fail_own_runs() -> int:
    """At an orderly shutdown: the runs this process works on will not finish."""
    with _active_lock:
        keys = list(_active)
        _active.clear()
    for run in ImportRun.objects.filter(pk__in=keys, status__in=WORKING):
        logger.warning("import %s stopped by the shutdown of its worker", run.pk)
        _stopped(run)
    return len(keys)


def _fail_own_runs_at_exit() -> None:
    try:
        fail_own_runs()
    except Exception:  # the database may be gone already; recover() finds them then
        logger.exception("could not mark the interrupted imports as failed")


atexit.register(_fail_own_runs_at_exit)


# --- recovery ---------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lost(run, now) -> bool:
    """Whether nobody works on a checking or importing run any more."""
    data = _read(run)
    if run.status not in WORKING or "pid" not in data:  # waiting for a worker
        return run.created_at < now - STALE_AFTER
    if data.get("host") == HOST and not _alive(int(data["pid"])):
        return True
    if str(run.pk) in _active:
        return False
    try:
        beat = progress_path(run).stat().st_mtime
    except OSError:
        return True
    return beat < time.time() - HEARTBEAT_STALE.total_seconds()


def recover(now=None) -> dict:
    """Fail the runs whose worker is gone and delete the files of no live run."""
    now = now or timezone.now()
    lost = [
        run
        for run in ImportRun.objects.filter(status__in=[*WORKING, ImportRun.Status.QUEUED])
        if _lost(run, now)
    ]
    for run in lost:
        logger.warning("import %s lost its worker; marked failed", run.pk)
        _stopped(run)
    removed = _remove_orphans()
    return {"failed": len(lost), "files_removed": removed}


def _remove_orphans() -> int:
    """Delete the files in the import folder that belong to no live run."""
    runs = dict(ImportRun.objects.values_list("pk", "status"))
    live = {str(pk) for pk, status in runs.items() if status in LIVE}
    known = {str(pk) for pk in runs}
    young = time.time() - ORPHAN_GRACE.total_seconds()
    removed = 0
    for path in conf.storage_dir().iterdir():
        key = path.name.split(".")[0]
        if not path.is_file() or key in live:
            continue
        if key not in known and path.stat().st_mtime > young:
            continue
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def discard_stale(now=None) -> int:
    """Discard checked runs nobody confirmed within a day: their uploads hold personal
    data and must not wait forever (run hourly by the task queue, with recover())."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    count = 0
    for run in ImportRun.objects.filter(status=ImportRun.Status.CHECKED, created_at__lt=cutoff):
        with transaction.atomic():
            updated = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.CHECKED).update(
                status=ImportRun.Status.DISCARDED, finished_at=timezone.now(), preview=[]
            )
            if updated:
                audit.record(
                    "imports.run.discarded", obj=run, detail={"reason": "not confirmed in time"}
                )
        if updated:
            cleanup(run)
            count += 1
    recover(now)
    return count
