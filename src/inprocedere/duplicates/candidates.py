"""Linking one person, or a few, as they are registered, changed or imported.

- `refresh(participant_ids)` after a person's name, aliases, birth date, sex,
  citizenship or place of birth changed: their keys are recomputed and their pairs found
  anew (in chunks; a constant number of queries per chunk).
- `candidates_for(...)` answers "who may this be?" for a person not yet registered (the
  registration form, the import's check), among the people the asker may read.
- everything at once: the batch run (`engine.py`); `refreshers.py` picks one or the
  other for `core.derived`.

The model, its explanation and the blocking are shared with the batch run; only the
loop differs (one pair at a time here, sets of pairs in DuckDB there).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from inprocedere.core import bulk
from inprocedere.participants.models import Alias, Participant

from . import blocks, clusters, store
from .features import Record, record
from .matching import compare, explanation, keys_for
from .models import BlockingKey, CandidatePair, Decision, MergeRecord

CHUNK = 1000
FIELDS = ("pk", "family_name", "given_names", "birth_date", "gender", "citizenships", "birth_place")


def merged_ids_query():
    """Ids of participants merged into another (they take part in nothing)."""
    return MergeRecord.objects.filter(undone_at__isnull=True).values("merged_id")


def records(ids: Iterable[int]) -> dict[int, Record]:
    """`Record`s of participants, loaded in two queries."""
    ids = list(ids)
    aliases = defaultdict(list)
    for alias in Alias.objects.filter(participant_id__in=ids).order_by("pk"):
        aliases[alias.participant_id].append(alias)
    found = {}
    for pk, family, given, born, gender, citizenships, place in Participant.unrestricted.filter(
        pk__in=ids
    ).values_list(*FIELDS):
        found[pk] = record(
            id=pk,
            family_name=family,
            given_names=given,
            birth=born,
            gender=gender,
            citizenships=citizenships,
            birth_place=place,
            aliases=aliases.get(pk, ()),
        )
    return found


def _owns(rec: Record) -> list[blocks.Own]:
    year = rec.birth.year if rec.birth else None
    month = rec.birth.month if rec.birth else None
    return [blocks.Own(rec.id, key, year, month) for key in sorted(keys_for(rec))]


KEY_COLUMNS = ("participant_id", "key", "year", "month")


def _store_keys(found: dict[int, Record], owns: list[blocks.Own] | None = None) -> None:
    """Store the keys of these records, whose old keys are deleted already (as rows
    through core.bulk: no model instances; `owns`, the records' keys, if computed)."""
    if owns is None:
        owns = [own for rec in found.values() for own in _owns(rec)]
    bulk.insert_values(
        BlockingKey, KEY_COLUMNS, [(own.id, own.key, own.year, own.month) for own in owns]
    )


def _without_decided(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    if not pairs:
        return pairs
    ids = {pk for pair in pairs for pk in pair}
    decided = set(Decision.objects.filter(a_id__in=ids, b_id__in=ids).values_list("a_id", "b_id"))
    merged = set(
        MergeRecord.objects.filter(undone_at__isnull=True)
        .filter(Q(merged_id__in=ids) | Q(survivor_id__in=ids))
        .values_list("merged_id", flat=True)
    )
    return {pair for pair in pairs if pair not in decided and not (set(pair) & merged)}


@dataclass
class Stats:
    participants: int = 0
    compared: int = 0
    pairs: int = 0
    split: int = 0  # oversized blocks split by year/month (blocks.py)
    too_little: int = 0  # records with too little to compare (no pairs, reported)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # batch run: seconds per step


def _score_and_store(pairs: set[tuple[int, int]], stats: Stats) -> None:
    pairs = _without_decided(pairs)
    found = records({pk for pair in pairs for pk in pair})
    params = store.current()
    frequency = store.frequencies_for(found.values(), params)
    floor = store.storing_floor()
    rows = []
    for a, b in sorted(pairs):
        if a not in found or b not in found:
            continue
        stats.compared += 1
        match = compare(found[a], found[b], params, frequency)
        if match is not None and match.probability >= floor:
            reasons = explanation(match, found[a], found[b])
            rows.append(
                CandidatePair(
                    a_id=a, b_id=b, score=match.score, weight=match.weight, reasons=reasons
                )
            )
    CandidatePair.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    stats.pairs += len(rows)


def _active(ids: Iterable[int]) -> list[int]:
    return list(
        Participant.unrestricted.filter(pk__in=list(ids))
        .exclude(pk__in=merged_ids_query())
        .values_list("pk", flat=True)
    )


_deferred: ContextVar[set | None] = ContextVar("duplicates_deferred", default=None)


@contextmanager
def deferred():
    """Collect the refreshes inside the block and do them once at its end, in chunks:
    for bulk writes such as a sheet import of many rows."""
    if _deferred.get() is not None:  # already deferring: the outer block refreshes
        yield
        return
    collected: set[int] = set()
    token = _deferred.set(collected)
    try:
        yield
    finally:
        _deferred.reset(token)
    refresh(sorted(collected))


@transaction.atomic
def refresh(participant_ids: Iterable[int]) -> Stats:
    """Recompute keys and candidate pairs of these participants (after a change)."""
    ids = [pk for pk in participant_ids if pk is not None]
    stats = Stats()
    collecting = _deferred.get()
    if collecting is not None:
        collecting.update(ids)
        return stats
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        linked = clusters.members_of(chunk)
        CandidatePair.objects.filter(Q(a_id__in=chunk) | Q(b_id__in=chunk)).delete()
        BlockingKey.objects.filter(participant_id__in=chunk).delete()
        found = records(_active(chunk))
        owns = [own for rec in found.values() for own in _owns(rec)]
        _store_keys(found, owns)
        stats.participants += len(found)
        stats.too_little += sum(1 for rec in found.values() if not rec.comparable)
        pairs = {
            (min(pk, other), max(pk, other))
            for pk, others in blocks.partners(owns, stats).items()
            for other in others
        }
        _score_and_store(pairs, stats)
        clusters.recluster(set(chunk) | linked)
    return stats


@dataclass
class Candidate:
    participant: Participant
    score: float  # match probability 0–1
    weight: float
    reasons: list[dict]


def candidates_for(
    family_name: str,
    given_names: str,
    birth_date=None,
    citizenships=(),
    *,
    gender: str = "",
    birth_place: str = "",
    among=None,
    min_score: float | None = None,
    limit: int | None = 10,
) -> list[Candidate]:
    """Registered participants who may be this person, best first (at or above the
    model's threshold unless `min_score`). `among` narrows to a queryset (the people the
    asker may read); None means the whole register (system code only)."""
    entered = record(
        family_name=family_name,
        given_names=given_names,
        birth=birth_date,
        gender=gender,
        citizenships=citizenships,
        birth_place=birth_place,
    )
    if not entered.comparable:
        return []
    ids = blocks.partners(_owns(entered)).get(None, set())
    if not ids:
        return []
    # Compare on the compared fields only; whole participants (and the asker's reach,
    # which may be a costly query) only for the few that match.
    found = records(_active(ids))
    params = store.current()
    frequency = store.frequencies_for([entered, *found.values()], params)
    floor = params.threshold if min_score is None else min_score
    matches = {}
    for pk, rec in found.items():
        match = compare(entered, rec, params, frequency)
        if match is not None and match.probability >= floor:
            matches[pk] = match
    if not matches:
        return []
    queryset = Participant.unrestricted.all() if among is None else among
    result = [
        Candidate(p, matches[p.pk].score, matches[p.pk].weight,
                  explanation(matches[p.pk], entered, found[p.pk]))
        for p in queryset.filter(pk__in=list(matches)).select_related("registered_by")
    ]  # fmt: skip
    result.sort(key=lambda c: (-c.weight, c.participant.family_name, c.participant.pk))
    return result if limit is None else result[:limit]
