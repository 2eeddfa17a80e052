"""Finding candidate pairs in the register through the blocking keys (never all pairs).

- `refresh(participant_ids)` after a person's name, aliases, birth date or citizenship
  changed: their keys are recomputed, and their pairs found anew.
- `rebuild()` recomputes everything, in chunks (after an upgrade, or to apply changed
  rules); memory and queries grow with the chunk, not with the register.
- `candidates_for(...)` answers "who may this be?" for a person not yet registered
  (the registration form, the sheet import).

Cost: a participant is compared only with the participants that share one of their
keys. Keys held by more than `INPROCEDERE_DUPLICATES_MAX_BLOCK` people (a very common
name with no date) are skipped: they would pull in thousands of comparisons and find
little that the other, more specific keys do not find too.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q

from inprocedere.participants.models import Alias, Participant

from .matching import Match, Person, compare, keys_for
from .models import BlockingKey, CandidatePair, Decision, MergeRecord

CHUNK = 1000


def max_block() -> int:
    configured = getattr(settings, "INPROCEDERE_DUPLICATES_MAX_BLOCK", None)
    if configured is None:
        configured = os.environ.get("INPROCEDERE_DUPLICATES_MAX_BLOCK", "") or 1000
    return int(configured)


def merged_ids_query():
    """Ids of participants merged into another (they take part in nothing)."""
    return MergeRecord.objects.filter(undone_at__isnull=True).values("merged_id")


def people(ids: Iterable[int]) -> dict[int, Person]:
    """`Person`s of participants, loaded in two queries."""
    ids = list(ids)
    rows = Participant.unrestricted.filter(pk__in=ids).values_list(
        "pk", "family_name", "given_names", "birth_date", "citizenships"
    )
    aliases = defaultdict(list)
    for alias in Alias.objects.filter(participant_id__in=ids).order_by("pk"):
        aliases[alias.participant_id].append(alias)
    found = {}
    field = Participant._meta.get_field("birth_date")
    for pk, family, given, birth_date, citizenships in rows:
        codes = [c.code if hasattr(c, "code") else c for c in citizenships or ()]
        found[pk] = Person.of(
            family,
            given,
            field.to_python(birth_date),
            codes,
            id=pk,
            aliases=aliases.get(pk, ()),
        )
    return found


def _store_keys(persons: dict[int, Person]) -> None:
    BlockingKey.objects.filter(participant_id__in=list(persons)).delete()
    BlockingKey.objects.bulk_create(
        [
            BlockingKey(participant_id=pk, key=key)
            for pk, person in persons.items()
            for key in sorted(keys_for(person))
        ],
        batch_size=2000,
    )


def _partners(ids: list[int], *, only_higher: bool) -> set[tuple[int, int]]:
    """Pairs (low id, high id) of participants sharing a key with one of `ids`."""
    own = defaultdict(set)
    for pk, key in (
        BlockingKey.objects.filter(participant_id__in=ids)
        .exclude(key="")
        .values_list("participant_id", "key")
    ):
        own[key].add(pk)
    if not own:
        return set()
    sizes = (
        BlockingKey.objects.filter(key__in=list(own))
        .values("key")
        .annotate(size=Count("pk"))
        .values_list("key", "size")
    )
    usable = [key for key, size in sizes if size <= max_block()]
    pairs = set()
    for other, key in BlockingKey.objects.filter(key__in=usable).values_list(
        "participant_id", "key"
    ):
        for mine in own[key]:
            if other == mine or (only_higher and other < mine):
                continue
            pairs.add((min(mine, other), max(mine, other)))
    return pairs


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


def _score_and_store(pairs: set[tuple[int, int]], stats: Stats) -> None:
    pairs = _without_decided(pairs)
    persons = people({pk for pair in pairs for pk in pair})
    rows = []
    for a, b in sorted(pairs):
        if a not in persons or b not in persons:
            continue
        stats.compared += 1
        match = compare(persons[a], persons[b])
        if match is not None:
            rows.append(CandidatePair(a_id=a, b_id=b, score=match.score, reasons=match.reasons))
    CandidatePair.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    stats.pairs += len(rows)


def _active_ids(ids: Iterable[int]) -> list[int]:
    return list(
        Participant.unrestricted.filter(pk__in=list(ids))
        .exclude(pk__in=merged_ids_query())
        .values_list("pk", flat=True)
    )


_deferred: ContextVar[set | None] = ContextVar("duplicates_deferred", default=None)


@contextmanager
def deferred():
    """Collect the refreshes inside the block and do them once at its end, in chunks:
    for bulk writes such as a sheet import of many rows (one refresh per chunk of a
    thousand people instead of one per person)."""
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
        CandidatePair.objects.filter(Q(a_id__in=chunk) | Q(b_id__in=chunk)).delete()
        BlockingKey.objects.filter(participant_id__in=chunk).delete()
        active = _active_ids(chunk)
        _store_keys(people(active))
        stats.participants += len(active)
        _score_and_store(_partners(active, only_higher=False), stats)
    return stats


def refresh_derived(participant_ids: list[int] | None) -> Stats:
    """The refresher registered with `core.derived`: these participants (None: all)."""
    return rebuild() if participant_ids is None else refresh(participant_ids)


def rebuild(*, progress: Callable[[Stats], None] | None = None) -> Stats:
    """Recompute every key and every candidate pair of the register, chunk by chunk."""
    stats = Stats()
    with transaction.atomic():
        CandidatePair.objects.all().delete()
        BlockingKey.objects.all().delete()
    ids = Participant.unrestricted.exclude(pk__in=merged_ids_query()).order_by("pk")
    last = 0
    while True:  # keys first: a pair needs both people's keys
        chunk = list(ids.filter(pk__gt=last).values_list("pk", flat=True)[:CHUNK])
        if not chunk:
            break
        with transaction.atomic():
            _store_keys(people(chunk))
        stats.participants += len(chunk)
        last = chunk[-1]
    last = 0
    while True:
        chunk = list(ids.filter(pk__gt=last).values_list("pk", flat=True)[:CHUNK])
        if not chunk:
            break
        with transaction.atomic():
            _score_and_store(_partners(chunk, only_higher=True), stats)
        last = chunk[-1]
        if progress:
            progress(stats)
    return stats


@dataclass
class Candidate:
    participant: Participant
    score: float  # 0.0–1.0
    reasons: list[dict]
    match: Match | None = None


def candidates_for(
    family_name: str,
    given_names: str,
    birth_date=None,
    citizenships=(),
    *,
    among=None,
    min_score: float = 0.0,
    limit: int | None = 10,
) -> list[Candidate]:
    """Registered participants who may be this person, best first.

    For the registration form and the sheet import: `birth_date` a PartialDate or None,
    `citizenships` ISO codes. `among` narrows to a queryset (the participants the user
    may see); by default the whole register (system code: the import).
    """
    entered = Person.of(family_name, given_names, birth_date, citizenships)
    keys = keys_for(entered) - {""}
    if not keys:
        return []
    blocks = (
        BlockingKey.objects.filter(key__in=keys)
        .values("key")
        .annotate(size=Count("pk"))
        .filter(size__lte=max_block())
        .values("key")
    )
    ids = BlockingKey.objects.filter(key__in=blocks).values("participant_id")
    queryset = Participant.unrestricted.all() if among is None else among
    participants = {
        p.pk: p
        for p in queryset.filter(pk__in=ids)
        .exclude(pk__in=merged_ids_query())
        .select_related("registered_by")
    }
    persons = people(participants)
    found = []
    for pk, person in persons.items():
        match = compare(entered, person)
        if match is not None and match.score >= min_score:
            found.append(Candidate(participants[pk], match.score, match.reasons, match))
    found.sort(key=lambda c: (-c.score, c.participant.family_name, c.participant.pk))
    return found if limit is None else found[:limit]
