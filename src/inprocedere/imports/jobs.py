"""The two passes over a stored sheet, as jobs: the check (validation, nothing written)
and the import (the write pass, one transaction). They run inline for small sheets and
as Huey tasks (tasks.py) for large ones; either way through these functions."""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.privacy import policy

from . import conf, lifecycle, pending
from .actors import run_actor, system_actor
from .models import ImportRun
from .problems import WARNING, Problem
from .reader import FileProblem, Limits, open_sheet, sniff_format
from .validation import CHUNK_ROWS, Validator
from .writer import RowFailed, Writer

logger = logging.getLogger(__name__)


# --- the check ---------------------------------------------------------------------------


def validate_file(
    path: Path, organisation, *, fmt: str | None = None, actor=None, progress=None
) -> tuple[Validator, str]:
    """The first pass over a stored file, as `actor` (default: the organisation's system
    actor) sees the register. `progress(rows)` is called every chunk of rows."""
    validator = Validator(organisation, max_problems=conf.max_problems())
    try:
        fmt = fmt or sniff_format(path)
        with open_sheet(path, fmt) as (header, rows):
            if validator.header(header):
                for number, cells in rows:
                    validator.row(number, cells)
                    if progress and validator.summary.rows % CHUNK_ROWS == 0:
                        progress(validator.summary.rows)
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


def check_stored(run: ImportRun, actor) -> ImportRun:
    """Check a stored upload (status "checking") and record the report."""
    path = Path(run.stored_path)
    with lifecycle.working(run):
        lifecycle.write_progress(run, 0, 0)
        validator, fmt = validate_file(
            path,
            run.organisation,
            actor=actor,
            progress=lambda rows: lifecycle.write_progress(run, rows, 0),
        )
    run.file_format = fmt
    run.status = ImportRun.Status.CHECKED if validator.valid else ImportRun.Status.INVALID
    run.summary = validator.summary.as_json()
    run.problems = [problem.as_stored() for problem in validator.problems]
    run.headers = validator.headers
    run.preview = validator.preview if validator.valid or validator.readable else []
    run.warned_refs = sorted(validator.warned_refs)
    if not validator.valid:
        run.finished_at = timezone.now()
    with transaction.atomic():
        run.save()
        audit.record(
            "imports.run.checked",
            actor=actor,
            obj=run,
            detail={"file": run.file_name, "source": run.source, **counts(run.summary)},
        )
    if not validator.valid:
        lifecycle.cleanup(run)
    else:
        lifecycle.progress_path(run).unlink(missing_ok=True)
    return run


def counts(summary: dict) -> dict:
    keys = ("rows", "errors", "warnings", "new_people", "new_entries", "updated_entries")
    return {key: summary.get(key, 0) for key in keys}


def check_job(run_id) -> ImportRun | None:
    """The background check of a large upload (and what the uploader asked for next)."""
    run = (
        ImportRun.objects.select_related("organisation", "position", "created_by")
        .filter(pk=run_id, status=ImportRun.Status.CHECKING)
        .first()
    )
    if run is None:
        return None
    actor = run_actor(run)
    try:
        run = check_stored(run, actor)
    except Exception:
        logger.exception("check of import %s failed", run.pk)
        text = _("The check failed unexpectedly; nothing was written.")
        lifecycle.fail(run, actor, Problem(None, "", "service", {"text": text}))
        lifecycle.cleanup(run)
        return run
    return after_check(run, actor)


def after_check(run: ImportRun, actor) -> ImportRun:
    """A dry run is thrown away after its check; an API upload imports at once."""
    if run.status != ImportRun.Status.CHECKED:
        return run
    if run.dry_run:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.DISCARDED, finished_at=timezone.now(), preview=[]
        )
        lifecycle.cleanup(run)
        run.refresh_from_db()
        return run
    if run.commit_after_check:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED)
        return execute(run.pk, actor=actor)
    return run


# --- the import --------------------------------------------------------------------------


def iter_entries(path: Path, fmt: str, organisation):
    """The valid entries of a checked file, parsed again (a second streaming pass; no
    deadline: the sheet passed the check within it)."""
    validator = Validator(organisation, max_problems=1)
    with open_sheet(path, fmt, Limits.from_settings(deadline=False)) as (header, rows):
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
    actor = actor or run_actor(run)
    total = run.summary.get("valid_rows", 0)
    lifecycle.write_progress(run, 0, total)
    run.status = ImportRun.Status.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        with lifecycle.working(run):
            _write(run, actor, total)
    except RowFailed as failure:
        problem = Problem(failure.row, failure.column, "service", {"text": failure.message})
        lifecycle.fail(run, actor, problem)
    except (FileProblem, OSError) as error:
        code = error.code if isinstance(error, FileProblem) else "service"
        params = error.params if isinstance(error, FileProblem) else {"text": str(error)}
        lifecycle.fail(run, actor, Problem(None, "", code, params))
    except PermissionDenied:
        text = _("You may no longer import for %(organisation)s.") % {
            "organisation": run.organisation
        }
        lifecycle.fail(run, actor, Problem(None, "", "service", {"text": text}))
    except IntegrityError:
        # Another import or page recorded one of the sheet's people or entries between
        # this chunk's look-up and its insert (a unique constraint caught it).
        text = _(
            "Some of these people or entries were recorded by someone else while the sheet "
            "was being imported; nothing was written. Please upload the sheet again."
        )
        lifecycle.fail(run, actor, Problem(None, "", "service", {"text": text}))
    except Exception:
        logger.exception("import %s failed", run.pk)
        text = _("The import failed unexpectedly; nothing was written.")
        lifecycle.fail(run, actor, Problem(None, "", "service", {"text": text}))
    finally:
        lifecycle.cleanup(run)
    if run.status == ImportRun.Status.DONE:
        refresh_keys(run)
    return run


def refresh_keys(run: ImportRun) -> None:
    """The duplicate keys and pairs of the people just imported, after the commit
    (pending.py, decision 0022). If this fails or the worker dies, nothing is lost: the
    rows wait for the task queue's next start or hour."""
    try:
        pending.refresh_pending(run.pk)
    except Exception:
        logger.exception("duplicate keys of import %s left for later", run.pk)


def _write(run: ImportRun, actor, total: int) -> None:
    writer = Writer(
        actor=actor,
        organisation=run.organisation,
        position=run.position,
        run_id=run.pk,
        warned_refs=run.warned_refs,
        progress=lambda done, all_rows: lifecycle.write_progress(run, done, all_rows),
    )
    with transaction.atomic():
        result = writer.write(
            iter_entries(Path(run.stored_path), run.file_format, run.organisation), total
        )
        run.status = ImportRun.Status.DONE
        run.result = dict(result)
        run.finished_at = timezone.now()
        run.preview = []
        run.save(update_fields=["status", "result", "finished_at", "preview"])
        audit.record(
            "imports.run.imported",
            actor=actor,
            obj=run,
            detail={"file": run.file_name, **dict(result)},
        )
