"""Erasing everyone due at once, as a background job (issue 12 item 5).

`start` records a run with the ids due that day (`tasks.start_erasure_run` also queues
it for the Huey task `tasks.erasure_run`); `work`
erases them one by one, each in a transaction of its own that also moves the run's
counter, so a crash midway leaves each person either fully erased or untouched and the
run resumable where it stopped. A person no longer due when their turn comes (a case
reopened, a rule changed) is refused and counted as such: `services.erase` re-checks.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from inprocedere.core import audit
from inprocedere.privacy import policy

from . import retention, services
from .models import ErasureRun


def start(*, actor, on: dt.date | None = None) -> tuple[ErasureRun, bool]:
    """The run for everyone due on `on`, and whether it is new. While a run is active,
    asking again returns it (one run at a time, whoever asks)."""
    policy.require(actor, "rights.erase")
    on = on or timezone.localdate()
    active = ErasureRun.objects.filter(active=True).first()
    if active is not None:
        return active, False
    ids = [state.participant_id for state in retention.due(on)]
    try:
        with transaction.atomic():
            run = ErasureRun.objects.create(on=on, participant_ids=ids, requested_by=actor)
            audit.record(
                "rights.erasure_run.started",
                actor=actor,
                detail={"run": run.pk, "on": on.isoformat(), "participants": len(ids)},
            )
    except IntegrityError:  # another request started one a moment ago
        return ErasureRun.objects.get(active=True), False
    return run, True


def work(run_id: int) -> ErasureRun:
    """Erase the run's people from where it stopped; returns the finished run."""
    run = ErasureRun.objects.get(pk=run_id)
    if not run.active:
        return run
    ErasureRun.objects.filter(pk=run.pk).update(status=ErasureRun.Status.RUNNING)
    actor = run.requested_by
    for participant_id in run.participant_ids[run.handled :]:
        _erase_one(run, actor, participant_id)
    with transaction.atomic():
        ErasureRun.objects.filter(pk=run.pk).update(
            status=ErasureRun.Status.DONE, active=False, finished_at=timezone.now()
        )
        run.refresh_from_db()
        audit.record(
            "rights.erasure_run.finished",
            actor=actor,
            detail={"run": run.pk, "erased": run.done, "refused": run.refused},
        )
    return run


def _erase_one(run: ErasureRun, actor, participant_id: int) -> None:
    from inprocedere.participants.models import Participant

    with transaction.atomic():
        participant = Participant.unrestricted.filter(pk=participant_id).first()
        counter = "refused"
        if participant is not None:
            try:
                services.erase(actor=actor, participant=participant, on=run.on)
                counter = "done"
            except ValidationError:
                counter = "refused"
        ErasureRun.objects.filter(pk=run.pk).update(**{counter: F(counter) + 1})
    setattr(run, counter, getattr(run, counter) + 1)


def fail(run_id: int, error: BaseException) -> None:
    """Mark a run stopped by an error (it stays resumable: `work` goes on from there)."""
    ErasureRun.objects.filter(pk=run_id).update(
        status=ErasureRun.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
    )
