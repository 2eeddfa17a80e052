"""The participants behind an ESF figure as a download: read, logged in the access log and
redacted a chunk at a time, whether sent at once (views) or written by a job (jobs)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice

from django.utils.translation import gettext as _

from inprocedere.privacy import policy

from . import selectors
from .downloads import participants_table
from .esf import GENDER_LABELS, LABELS, REASON_LABELS, build_report

CHUNK = 1000


def disclosed(user, participants, *, channel: str):
    """Log the read of these participants and redact what the user may not see."""
    found = policy.disclose_many(user, participants, channel=channel, purpose="report.esf")
    for participant in participants:
        policy.redact(participant, found[participant.pk])
    return participants


def disclosed_stream(
    user, shown, *, on_chunk: Callable[[int], None] | None = None, then=None
) -> Iterator:
    """One pass of the query `shown` (a server-side cursor on PostgreSQL), logged per
    chunk; `on_chunk(rows so far)` after each, `then()` at the end (or when stopped)."""
    rows = shown.iterator(chunk_size=CHUNK)
    try:
        done = 0
        while chunk := list(islice(rows, CHUNK)):
            yield from disclosed(user, chunk, channel="export")
            done += len(chunk)
            if on_chunk is not None:
                on_chunk(done)
    finally:
        rows.close()  # the database cursor first: `then` may drop what it reads
        if then is not None:
            then()


def figure(form) -> tuple[str, str]:
    """The form's figure: (code, gender column)."""
    return form.cleaned_data["code"], form.cleaned_data["gender"] or "total"


def table(participants, *, form, scope, size: int):
    """The download (a `streaming.Download`) of `participants` behind the form's figure."""
    code, gender = figure(form)
    label = LABELS.get(code) or REASON_LABELS[code]
    return participants_table(
        participants,
        caption=f"{code}: {label} · {GENDER_LABELS.get(gender, _('Total'))}",
        subtitle=f"{scope.label} · {form.cleaned_data['date_from']} – "
        f"{form.cleaned_data['date_to']}",
        stem=f"{code}-{gender}",
        size=size,
    )


class Refused(Exception):
    """The export may no longer be written (the message is translated)."""


def for_job(user, form, *, on_size, on_chunk):
    """The download a background job writes for `user`: the report counted again, the
    policy asked again (the user's reach may have changed since they asked)."""
    if not form.is_valid():
        raise Refused(" ".join(e for errors in form.errors.values() for e in errors))
    scope = form.scope()
    if not selectors.may_explain(user, scope):
        raise Refused(_("You may no longer open the participants behind this figure."))
    report = build_report(
        date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"], scope=scope
    )
    code, gender = figure(form)
    shown, _total, ids = selectors.explained_participants(user, scope, report, code, gender)
    try:
        size = shown.count()
        on_size(size)
    except BaseException:
        ids.drop()
        raise
    rows = disclosed_stream(user, shown, on_chunk=on_chunk, then=ids.drop)
    return table(rows, form=form, scope=scope, size=size)
