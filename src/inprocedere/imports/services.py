"""Import runs: upload and check (nothing written), then confirm and import (all or nothing).

Pages, the API and the command all go through these functions:

    run = run_check(actor=…, organisation=…, source=…, file_name=…, stream=…)
    run_commit(actor=…, run=run)   # writes now, or queues a large sheet for the background

A large upload is checked in the background too (status "checking"; the page and the
API show its progress). A run keeps the uploaded file only between the check and the
import; it is deleted when the import finished, failed or was discarded, and whenever a
check finds the file unusable. The report keeps counts and problems (row, column,
code), never the rows. What happens to a run whose worker dies: lifecycle.py.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit

from . import conf, lifecycle, tasks
from .actors import (  # noqa: F401 (the app's entry points, re-exported)
    SYSTEM_USERNAME,
    import_positions,
    importing_organisations,
    position_for,
    system_actor,
)
from .jobs import after_check, check_stored, execute, iter_entries, validate_file  # noqa: F401
from .lifecycle import discard_stale, read_progress, recover  # noqa: F401
from .models import ImportRun
from .problems import Problem

HARD_LIMIT = 200 * conf.MB  # refused before reading, whatever the setting says
COPY_CHUNK = 1024 * 1024


class ImportRefused(Exception):
    """The upload cannot even be checked (too large, not allowed)."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


def size_limit() -> int:
    return min(conf.max_bytes(), HARD_LIMIT)


def check_size(size: int | None) -> None:
    """Refuse a file above the limit before reading a byte of it."""
    if size is not None and size > size_limit():
        raise ImportRefused(
            Problem(
                None,
                "",
                "file_too_large",
                {"size": f"{size / conf.MB:.1f}", "limit": f"{size_limit() / conf.MB:.0f}"},
            )
        )


# --- check -------------------------------------------------------------------------------


def _store(stream, path: Path) -> int:
    """Copy the upload to the import folder, refusing it as soon as it grows too large."""
    size = 0
    try:
        with open(path, "wb") as target:
            while chunk := stream.read(COPY_CHUNK):
                size += len(chunk)
                if size > size_limit():
                    break
                target.write(chunk)
        check_size(size)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return size


def run_check(
    *,
    actor,
    organisation,
    source: str,
    file_name: str,
    stream,
    size=None,
    background: bool | None = None,
    dry_run: bool = False,
    commit_after_check: bool = False,
):
    """Store and check an upload; returns the run: checked or invalid, or "checking" for
    a large upload checked in the background (`background`: default by its size).
    `dry_run`: the upload is discarded after its check; `commit_after_check`: a valid
    sheet is imported at once (the API's upload)."""
    position = position_for(actor, organisation)
    check_size(size)
    run_id = uuid.uuid4()
    path = conf.storage_dir() / f"{run_id}.upload"
    # The run exists before its file does, so recovery never takes the file for an orphan.
    run = ImportRun.objects.create(
        id=run_id,
        organisation=organisation,
        position=position,
        created_by=actor if actor.pk and actor.is_active else None,
        source=source,
        file_name=os.path.basename(file_name or "")[:255] or "upload",
        stored_path=str(path),
        status=ImportRun.Status.CHECKING,
        dry_run=dry_run,
        commit_after_check=commit_after_check,
    )
    lifecycle.write_progress(run, 0, 0)
    try:
        run.file_size = _store(stream, path)
    except ImportRefused:
        run.delete()
        lifecycle.cleanup(run)
        raise
    run.save(update_fields=["file_size"])
    if background is None:
        background = run.file_size > conf.background_bytes()
    if background:
        lifecycle.write_progress(run, 0, 0, waiting=True)
        tasks.enqueue_check(run.pk)
        return ImportRun.objects.select_related("organisation").get(pk=run.pk)
    return check_stored(run, actor)


# --- commit ------------------------------------------------------------------------------


def run_commit(*, actor, run: ImportRun, background: bool | None = None) -> ImportRun:
    """Import a checked run: now (small sheets, the command) or in the background."""
    position_for(actor, run.organisation)
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != ImportRun.Status.CHECKED:
            raise ImportRefused(Problem(None, "", "service", {"text": _not_waiting(locked)}))
        locked.status = ImportRun.Status.QUEUED
        locked.save(update_fields=["status"])
    run.status = ImportRun.Status.QUEUED
    if background is None:
        background = run.summary.get("valid_rows", 0) > conf.background_rows()
    if background:
        tasks.enqueue(run.pk)
        return run
    return execute(run.pk, actor=actor)


def _not_waiting(run) -> str:
    return _("This import cannot be started (it is “%(status)s”).") % {
        "status": run.get_status_display()
    }


def run_discard(*, actor, run: ImportRun) -> ImportRun:
    """Throw a checked run away: its file is deleted, nothing is imported."""
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status not in (ImportRun.Status.CHECKED, ImportRun.Status.INVALID):
            raise ImportRefused(Problem(None, "", "service", {"text": _not_waiting(locked)}))
        locked.status = ImportRun.Status.DISCARDED
        locked.finished_at = timezone.now()
        locked.preview = []
        locked.save(update_fields=["status", "finished_at", "preview"])
        audit.record("imports.run.discarded", actor=actor, obj=locked, detail={})
    lifecycle.cleanup(locked)
    return locked


def check_path(*, actor, organisation, path: Path, source: str) -> ImportRun:
    """run_check for a file on disk (the command line: never in the background)."""
    size = path.stat().st_size
    check_size(size)
    with open(path, "rb") as stream:
        return run_check(
            actor=actor,
            organisation=organisation,
            source=source,
            file_name=path.name,
            stream=stream,
            size=size,
            background=False,
        )
