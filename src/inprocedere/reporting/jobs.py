"""Downloads written in the background (issue 12, item 3).

A download of more rows than `INPROCEDERE_EXPORT_BACKGROUND_ROWS` is not sent while the
user waits: `start` records an `ExportJob` (the same export asked again by the same user
while it runs returns that job: one partial unique index), `tasks.export_job` writes the
file with the same streaming writers as a direct download (constant memory), moving the
job's counter a chunk at a time, and the user fetches the file from the job's page.

The job writes as its user: the report is counted and the policy asked again when it
runs, the reads are logged in the access log then (channel "export"), and the file is
handed only to that user, acting for the same organisations, while they still hold the
permission (`fetchable`); each fetch is audited. Files are deleted after
`INPROCEDERE_EXPORT_KEEP_HOURS`, and a job a dead worker left running is marked failed
(`recover`, at the consumer's start and hourly).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from inprocedere.privacy import policy

from . import participant_exports, streaming
from .forms import FigureForm
from .models import ExportJob

logger = logging.getLogger("inprocedere.reporting")
REFUSED = "refused"  # the job's error when the policy no longer lets its user have the file


@dataclass(frozen=True)
class Kind:
    permissions: tuple[str, ...]  # the permissions needed to ask for it and to fetch it
    title: object  # what the job's page calls it (lazy, translated)
    page: str  # the URL name of the page the export was asked from


KINDS = {
    "esf_participants": Kind(
        ("report.esf", "report.esf.participants"),
        _("Participants behind an ESF figure"),
        "esf_participants",
    ),
}


def _organisations(user) -> list[int]:
    return sorted(policy.actor_for(user).organisation_ids)


def may_ask(user, kind: str) -> bool:
    return all(policy.can(user, permission) for permission in KINDS[kind].permissions)


def key_for(user, kind: str, fmt: str, query: dict) -> str:
    text = json.dumps([user.pk, kind, fmt, sorted(query.items())], default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def start(user, *, kind: str, fmt: str, query: dict) -> tuple[ExportJob, bool]:
    """The job writing this export for `user`, and whether it is new (then queue it)."""
    for permission in KINDS[kind].permissions:
        policy.require(user, permission)
    key = key_for(user, kind, fmt, query)
    running = ExportJob.objects.filter(key=key, active=True).first()
    if running is not None and not _lost(running):
        return running, False
    if running is not None:  # its task never ran (a queue emptied): ask anew
        _fail_stale([running])
    try:
        with transaction.atomic():
            job = ExportJob.objects.create(
                key=key,
                kind=kind,
                format=fmt,
                query=query,
                user=user,
                organisation_ids=_organisations(user),
            )
    except IntegrityError:  # the same export, asked a moment ago by another request
        return ExportJob.objects.get(key=key, active=True), False
    return job, True


QUEUED_AT_MOST = dt.timedelta(minutes=30)


def _lost(job: ExportJob) -> bool:
    """A job still waiting long after it was asked for: its task was lost."""
    return (
        job.status == ExportJob.Status.QUEUED and job.created_at < timezone.now() - QUEUED_AT_MOST
    )


def fetchable(user, job: ExportJob) -> bool:
    """May `user` see this job and fetch its file? Only its own user, acting for the same
    organisations, still holding the permission."""
    return (
        job.user_id == user.pk
        and job.kind in KINDS
        and job.organisation_ids == _organisations(user)
        and may_ask(user, job.kind)
    )


def path_of(job: ExportJob) -> Path:
    return Path(settings.INPROCEDERE_EXPORT_DIR) / f"{job.pk}.{job.format}"


def _builder(job: ExportJob, user):
    def on_size(size):
        ExportJob.objects.filter(pk=job.pk).update(total=size)

    def on_chunk(done):
        ExportJob.objects.filter(pk=job.pk).update(done=done)

    if job.kind == "esf_participants":
        form = FigureForm(job.query)
        return participant_exports.for_job(user, form, on_size=on_size, on_chunk=on_chunk)
    raise ValueError(job.kind)


def _finish(job: ExportJob, **fields) -> None:
    ExportJob.objects.filter(pk=job.pk).update(active=False, finished_at=timezone.now(), **fields)


def run(job_id) -> None:
    """Write the job's file (the Huey task); a job not waiting (done, failed, or taken by
    another worker) is left alone."""
    if not ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    ):
        return
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    target = path_of(job)
    part = target.with_name(target.name + ".part")
    try:
        with translation.override(job.query.get("language") or settings.LANGUAGE_CODE):
            file_name = _write(job, part, target)
    except Exception as error:
        part.unlink(missing_ok=True)
        refused = isinstance(error, participant_exports.Refused)
        if not refused:
            logger.exception("Export job %s failed", job.pk)
        _finish(job, status=ExportJob.Status.FAILED, error=REFUSED if refused else "")
        return
    _finish(job, status=ExportJob.Status.DONE, file_name=file_name)


def _write(job: ExportJob, part: Path, target: Path) -> str:
    """Write the file (in the language it was asked in); returns the name to send it by."""
    if not fetchable(job.user, job):
        raise participant_exports.Refused("not fetchable")
    download = _builder(job, job.user)
    target.parent.mkdir(parents=True, exist_ok=True)
    with part.open("wb") as out:
        for chunk in streaming.chunks(download, job.format):
            out.write(chunk)
    part.replace(target)
    return download.filename(job.format)


def _fail_stale(jobs) -> int:
    for job in jobs:
        path_of(job).with_name(path_of(job).name + ".part").unlink(missing_ok=True)
        _finish(job, status=ExportJob.Status.FAILED)
    return len(jobs)


def recover() -> int:
    """At the consumer's start, before it takes any task: a job still marked running was
    left by a dead worker. Mark it failed and delete its partial file."""
    return _fail_stale(list(ExportJob.objects.filter(status=ExportJob.Status.RUNNING)))


def discard_old(now=None) -> int:
    """Delete jobs older than INPROCEDERE_EXPORT_KEEP_HOURS with their files (one still
    marked active that long ago is dead: its partial file goes too)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.INPROCEDERE_EXPORT_KEEP_HOURS)
    _fail_stale(list(ExportJob.objects.filter(active=True, created_at__lt=cutoff)))
    old = list(ExportJob.objects.filter(created_at__lt=cutoff))
    for job in old:
        path_of(job).unlink(missing_ok=True)
    ExportJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)
