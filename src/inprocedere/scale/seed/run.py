"""`inprocedere bench seed`: grow a database to N participants, chunk by chunk.

Each chunk of people is generated in memory, written with COPY (PostgreSQL) or
executemany (SQLite), and its derived data refreshed (`core.derived.refresh(ids)`: the
search text, the duplicate keys, the policy's access structure) in one transaction: a
crash loses that chunk and nothing else, and the next run carries on where the last
committed chunk ended. Person *i* depends only on the seed and *i*, so the same seed
grows the same register however the work is split into runs.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit, derived
from inprocedere.participants.models import Participant

from ..models import SeedRun
from . import guard
from . import network as networks
from .context import Chunk
from .person import generate
from .writer import forget_reservations, set_fast_session

CHUNK = 2000


@dataclass
class Options:
    participants: int
    seed: int = 1
    anchor: dt.date | None = None
    defer: tuple[str, ...] = ()
    confirmed: bool = False
    progress: Callable[[str], None] = print


@dataclass
class Result:
    run: SeedRun | None
    added: int = 0
    rows: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    phases: Counter = field(default_factory=Counter)  # seconds spent per phase
    notes: list[str] = field(default_factory=list)


def _check_options(options: Options) -> None:
    if options.participants <= 0:
        raise guard.Refused(_("The number of participants must be at least 1."))
    unknown = set(options.defer) - set(derived.registered())
    if unknown:
        raise guard.Refused(
            _("No derived data called %(names)s; known: %(known)s.")
            % {"names": ", ".join(sorted(unknown)), "known": ", ".join(derived.registered())}
        )


def _consistent_with_earlier(options: Options) -> dt.date:
    """Growing a database seeded before continues with its seed and anchor date."""
    first = SeedRun.objects.order_by("pk").first()
    if first is None:
        return options.anchor or timezone.localdate()
    if first.seed != options.seed:
        raise guard.Refused(
            _(
                "This database was grown with seed %(seed)s; grow it further with "
                "--seed %(seed)s (or start from an empty database)."
            )
            % {"seed": first.seed}
        )
    return first.anchor


def seed(options: Options) -> Result:
    _check_options(options)
    guard.refuse_real_data(confirmed=options.confirmed)
    existing = Participant.unrestricted.count()
    if existing >= options.participants:
        return Result(
            None,
            notes=[
                _("The register already holds %(count)s participants: nothing to add.")
                % {"count": f"{existing:,}"}
            ],
        )
    result = Result(None)
    note = guard.check_disk(options.participants - existing)
    if note:
        result.notes.append(note)
    anchor = _consistent_with_earlier(options)
    if not networks.organisations_exist():
        call_command("demo", stdout=io.StringIO())
        existing = Participant.unrestricted.count()
    network = networks.load(anchor)
    networks.ensure_measures(network, 2009, anchor.year + 1)
    first_index = sum(SeedRun.objects.values_list("generated", flat=True))
    run = SeedRun.objects.create(
        seed=options.seed,
        anchor=anchor,
        first_index=first_index,
        target=options.participants,
        deferred=list(options.defer),
    )
    result.run = run
    _grow(run, network, options.participants - existing, options, result)
    return result


def _grow(run: SeedRun, network, count: int, options: Options, result: Result) -> None:
    set_fast_session()
    refreshers = [name for name in derived.registered() if name not in options.defer]
    started = time.monotonic()
    ids = array("q")
    index, end = run.first_index, run.first_index + count
    while index < end:
        size = min(CHUNK - index % CHUNK, end - index)
        chunk = _chunk(run, network, index, size, refreshers)
        ids.extend(chunk.participant_ids)
        result.rows.update(chunk.counts)
        result.phases.update(chunk.phases)
        index += size
        done = index - run.first_index
        rate = done / max(time.monotonic() - started, 1e-6)
        options.progress(
            _("%(done)s of %(count)s participants (%(rate)s per second)")
            % {"done": f"{done:,}", "count": f"{count:,}", "rate": f"{rate:,.0f}"}
        )
    for name in options.defer:
        options.progress(_("Deferred derived data: %(name)s …") % {"name": name})
        with transaction.atomic():
            derived.refresh(None if run.first_index == 0 else list(ids), only=[name])
    clock = time.monotonic()
    tidy()
    result.phases["vacuum analyze"] = time.monotonic() - clock
    result.added = count
    result.seconds = time.monotonic() - started
    with transaction.atomic():
        SeedRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
        audit.record(
            "system.bench.seeded",
            actor_label="inprocedere bench seed",
            detail={"seed": run.seed, "added": count, "rows": dict(result.rows)},
        )
    run.refresh_from_db()


def _chunk(run: SeedRun, network, index: int, size: int, refreshers: list[str]) -> Chunk:
    with transaction.atomic():
        forget_reservations()
        chunk = Chunk(network, run.anchor, run.seed)
        clock = time.monotonic()
        recent: list = []
        for number in range(index, index + size):
            generate(chunk, number, recent)
        chunk.phases["generate"] = time.monotonic() - clock
        clock = time.monotonic()
        chunk.counts = chunk.flush()
        chunk.phases["write"] = time.monotonic() - clock
        for name in refreshers:
            clock = time.monotonic()
            derived.refresh(chunk.participant_ids, only=[name])
            chunk.phases[name] = time.monotonic() - clock
        detail = run.detail
        if chunk.showcase:
            detail = {**detail, "showcase_cases": detail.get("showcase_cases", []) + chunk.showcase}
            run.detail = detail
        SeedRun.objects.filter(pk=run.pk).update(generated=F("generated") + size, detail=detail)
    if connection.vendor == "sqlite":
        forget_reservations()
    return chunk


def tidy() -> None:
    """Planner statistics for the grown tables, and on PostgreSQL the GIN index's pending
    list merged (VACUUM): until then the trigram search is several times slower."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")  # VACUUM: not in a transaction


def refresh_all(only: list[str]) -> dict[str, float]:
    """`bench refresh`: recompute the derived data of every participant (all refreshers,
    or `only` these), each in one transaction; then `tidy`. Returns seconds per refresher."""
    names = only or derived.registered()
    unknown = set(names) - set(derived.registered())
    if unknown:
        raise LookupError(", ".join(sorted(unknown)))
    seconds = {}
    for name in names:
        clock = time.monotonic()
        with transaction.atomic():
            derived.refresh(None, only=[name])
        seconds[name] = time.monotonic() - clock
    clock = time.monotonic()
    tidy()
    seconds["vacuum analyze"] = time.monotonic() - clock
    return seconds
