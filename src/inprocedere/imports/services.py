"""Import runs: upload and check (nothing written), then confirm and import (all or nothing).

Pages, the API and the command all go through these functions:

    run = run_check(actor=…, organisation=…, source=…, file_name=…, stream=…)
    run_commit(actor=…, run=run)   # writes now, or queues a large sheet for the background

A run keeps the uploaded file only between the check and the import; it is deleted when
the import finished, failed or was discarded, and whenever a check finds the file
unusable. The report keeps counts and problems (row, column, code), never the rows.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.privacy import policy
from inprocedere.privacy.policy import SIGNED_IN

from . import conf
from .models import ImportRun
from .permissions import IMPORT_ROLES
from .problems import WARNING, Problem
from .reader import FileProblem, open_sheet, sniff_format
from .validation import Validator
from .writer import RowFailed, Writer

logger = logging.getLogger(__name__)

HARD_LIMIT = 200 * conf.MB  # refused before reading, whatever the setting says
SYSTEM_USERNAME = "inprocedere-import"
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


# --- who imports -------------------------------------------------------------------------


def import_positions(actor, organisation) -> list:
    """The actor's positions in `organisation` that may import (team lead, case worker)."""
    return [
        position
        for position in policy.actor_for(actor).positions
        if position.organisation_id == organisation.pk and set(position.roles) & IMPORT_ROLES
    ]


def importing_organisations(actor) -> list:
    """The organisations the actor may import participant sheets for."""
    if not policy.can(actor, "import.participants"):
        return []
    organisations = {
        position.organisation_id: position.organisation
        for position in policy.actor_for(actor).positions
        if set(position.roles) & IMPORT_ROLES
    }
    return sorted(organisations.values(), key=lambda organisation: organisation.name)


def _position_for(actor, organisation):
    policy.require(actor, "import.participants")
    positions = import_positions(actor, organisation)
    if not positions:
        raise PermissionDenied("no importing position in the organisation")
    return positions[0]


def system_actor(organisation):
    """The command line's actor: an account that cannot sign in, acting through the
    organisation's positions of case work, so the services' checks and audit apply."""
    from inprocedere.network.models import Position

    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    positions = [
        position
        for position in Position.objects.filter(organisation=organisation, is_active=True)
        .select_related("organisation")
        .order_by("pk")
        if set(position.roles) & IMPORT_ROLES
    ]
    if not positions:
        raise PermissionDenied("no position of case work in the organisation")
    roles = {role for position in positions for role in position.roles} | {SIGNED_IN}
    user._inprocedere_actor = policy.Actor(user=user, positions=positions, roles=frozenset(roles))
    return user


# --- check -------------------------------------------------------------------------------


def _store(stream, run_id) -> tuple[Path, int]:
    """Copy the upload to the import folder, refusing it as soon as it grows too large."""
    path = conf.storage_dir() / f"{run_id}.upload"
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
    return path, size


def validate_file(
    path: Path, organisation, *, fmt: str | None = None, actor=None
) -> tuple[Validator, str]:
    """The first pass over a stored file, as `actor` (default: the organisation's system
    actor) sees the register."""
    validator = Validator(organisation, max_problems=conf.max_problems())
    try:
        fmt = fmt or sniff_format(path)
        with open_sheet(path, fmt) as (header, rows):
            if validator.header(header):
                for number, cells in rows:
                    validator.row(number, cells)
        validator.finish()
    except FileProblem as problem:
        validator.file_problem(problem.code, **problem.params)
    if validator.valid:
        _compare_with_register(validator, actor or system_actor(organisation))
    return validator, fmt or ""


def _compare_with_register(validator: Validator, actor) -> None:
    """Warn about new people who may be registered already (nothing is merged)."""
    new = list(validator.new_people())
    if len(new) > conf.duplicate_check_max():
        validator.add(Problem(None, "", "duplicate_check_skipped", {"count": len(new)}, WARNING))
        return
    find = _duplicate_finder(actor)
    for ref, person in new:
        family, given, birth = person.identity
        candidates = find(family, given, birth, person.citizenships)
        if candidates:
            validator.warned_refs.add(ref)
            validator.add(
                Problem(
                    person.first_row,
                    "family_name",
                    "possible_duplicate",
                    {"candidates": "; ".join(candidates[:3])},
                    WARNING,
                )
            )


def _duplicate_finder(actor):
    """The duplicate check of an import: (family, given, ISO birth date) -> descriptions of
    the people *the importer may read already* who may be this person. Anyone else is never
    mentioned, not even as "needs a check": the answer would tell whoever may import
    whether a named person is known anywhere in the network (docs/access-policy.md,
    "Duplicate checks do not disclose"). Such pairs are found after the import, like any."""
    from inprocedere.core.partial_dates import PartialDate
    from inprocedere.participants.duplicates import find_possible_duplicates
    from inprocedere.participants.models import Participant

    among = policy.visible(actor, Participant.objects.all(), "participant.read")

    def find(family: str, given: str, birth: str, citizenships=()) -> list[str]:
        birth_date = PartialDate.parse(birth) if birth else None
        found = find_possible_duplicates(
            family, given, birth_date, citizenships=citizenships, limit=3, among=among
        )
        return [
            _("no. %(id)s, registered by %(organisation)s")
            % {"id": candidate.participant.pk, "organisation": candidate.participant.registered_by}
            for candidate in found
        ]

    return find


def run_check(*, actor, organisation, source: str, file_name: str, stream, size=None):
    """Store and check an upload; returns the run (status checked or invalid)."""
    position = _position_for(actor, organisation)
    check_size(size)
    run_id = uuid.uuid4()
    path, size = _store(stream, run_id)
    validator, fmt = validate_file(path, organisation, actor=actor)
    run = ImportRun(
        id=run_id,
        organisation=organisation,
        position=position,
        created_by=actor if actor.pk and actor.is_active else None,
        source=source,
        file_name=os.path.basename(file_name or "")[:255] or "upload",
        file_size=size,
        file_format=fmt,
        stored_path=str(path) if validator.valid else "",
        status=ImportRun.Status.CHECKED if validator.valid else ImportRun.Status.INVALID,
        summary=validator.summary.as_json(),
        problems=[problem.as_stored() for problem in validator.problems],
        headers=validator.headers,
        preview=validator.preview if validator.valid or validator.readable else [],
        warned_refs=sorted(validator.warned_refs),
    )
    if not validator.valid:
        path.unlink(missing_ok=True)
        run.finished_at = timezone.now()
    with transaction.atomic():
        run.save()
        audit.record(
            "imports.run.checked",
            actor=actor,
            obj=run,
            detail={"file": run.file_name, "source": source, **_counts(run.summary)},
        )
    return run


def _counts(summary: dict) -> dict:
    keys = ("rows", "errors", "warnings", "new_people", "new_entries", "updated_entries")
    return {key: summary.get(key, 0) for key in keys}


# --- commit ------------------------------------------------------------------------------


def progress_path(run) -> Path:
    return conf.storage_dir() / f"{run.pk}.progress"


def read_progress(run) -> dict:
    """{done, total, percent} of a running import (the write transaction is invisible to
    other connections, so progress goes through a small file next to the upload)."""
    total = run.summary.get("valid_rows", 0) or run.rows
    done = total if run.status == ImportRun.Status.DONE else 0
    try:
        data = json.loads(progress_path(run).read_text())
        done, total = int(data["done"]), int(data["total"]) or total
    except (OSError, ValueError, KeyError, TypeError):
        pass
    percent = int(100 * done / total) if total else 0
    return {"done": done, "total": total, "percent": min(percent, 100)}


def _write_progress(run, done: int, total: int) -> None:
    path = progress_path(run)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"done": done, "total": total}))
    os.replace(temporary, path)


def run_commit(*, actor, run: ImportRun, background: bool | None = None) -> ImportRun:
    """Import a checked run: now (small sheets, the command) or in the background."""
    _position_for(actor, run.organisation)
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
        from .tasks import enqueue

        enqueue(run.pk)
        return run
    return execute(run.pk, actor=actor)


def _not_waiting(run) -> str:
    return _("This import cannot be started (it is “%(status)s”).") % {
        "status": run.get_status_display()
    }


def iter_entries(path: Path, fmt: str, organisation):
    """The valid entries of a checked file, parsed again (a second streaming pass)."""
    validator = Validator(organisation, max_problems=1)
    with open_sheet(path, fmt) as (header, rows):
        validator.header(header)
        for number, cells in rows:
            row = {name: cells[i] if i < len(cells) else "" for i, name in validator.index.items()}
            entry, problems = validator.parser.parse(number, row)
            if problems:
                problem = problems[0]
                raise RowFailed(number, problem.column, problem.message)
            yield entry


def execute(run_id, *, actor=None) -> ImportRun:
    """The write pass of a queued run, in one transaction (used inline and by the task)."""
    run = ImportRun.objects.select_related("organisation", "position", "created_by").get(pk=run_id)
    if run.status != ImportRun.Status.QUEUED:
        return run
    if actor is None:
        actor = run.created_by if run.created_by else system_actor(run.organisation)
    run.status = ImportRun.Status.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    total = run.summary.get("valid_rows", 0)
    writer = Writer(
        actor=actor,
        organisation=run.organisation,
        position=run.position,
        run_id=run.pk,
        warned_refs=run.warned_refs,
        progress=lambda done, all_rows: _write_progress(run, done, all_rows),
    )
    try:
        with transaction.atomic():
            counts = writer.write(
                iter_entries(Path(run.stored_path), run.file_format, run.organisation), total
            )
            run.status = ImportRun.Status.DONE
            run.result = dict(counts)
            run.finished_at = timezone.now()
            run.preview = []
            run.save(update_fields=["status", "result", "finished_at", "preview"])
            audit.record(
                "imports.run.imported",
                actor=actor,
                obj=run,
                detail={"file": run.file_name, **dict(counts)},
            )
    except RowFailed as failure:
        _fail(
            run, actor, Problem(failure.row, failure.column, "service", {"text": failure.message})
        )
    except (FileProblem, OSError) as error:
        code = error.code if isinstance(error, FileProblem) else "service"
        params = error.params if isinstance(error, FileProblem) else {"text": str(error)}
        _fail(run, actor, Problem(None, "", code, params))
    except PermissionDenied:
        text = _("You may no longer import for %(organisation)s.") % {
            "organisation": run.organisation
        }
        _fail(run, actor, Problem(None, "", "service", {"text": text}))
    except Exception:
        logger.exception("import %s failed", run.pk)
        text = _("The import failed unexpectedly; nothing was written.")
        _fail(run, actor, Problem(None, "", "service", {"text": text}))
    finally:
        _cleanup(run)
    return run


def _fail(run, actor, problem: Problem) -> None:
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


def _cleanup(run) -> None:
    if run.stored_path:
        Path(run.stored_path).unlink(missing_ok=True)
        ImportRun.objects.filter(pk=run.pk).update(stored_path="")
        run.stored_path = ""
    progress_path(run).unlink(missing_ok=True)


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
    _cleanup(locked)
    return locked


STALE_AFTER = dt.timedelta(days=1)


def discard_stale(now=None) -> int:
    """Discard checked runs nobody confirmed within a day: their uploads hold personal
    data and must not wait forever (run hourly by the task queue). A run still
    "importing" a day after it started lost its worker: its transaction was rolled back,
    so it is marked failed."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    lost = ImportRun.objects.filter(
        status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING], created_at__lt=cutoff
    ).exclude(started_at__gte=cutoff)
    for run in lost:
        text = _("The import stopped before it finished; nothing was written. Please upload again.")
        _fail(run, None, Problem(None, "", "service", {"text": text}))
        _cleanup(run)
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
            _cleanup(run)
            count += 1
    return count


def check_path(*, actor, organisation, path: Path, source: str) -> ImportRun:
    """run_check for a file on disk (the command line)."""
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
        )
