"""Which records to compare with some records: those sharing a blocking key, with blocks
too large to compare in full split by year and then month of birth, never skipped.

A key shared by more than `max_block()` records (a very common name) is split: a record
is compared with the members of the block born in its year, or whose year is unknown;
if that is still too many, with those born in its month of that year (or whose month is
unknown). A record without a birth date in an oversized block is compared with the
members without one: with a name that common, agreeing names and nothing else weigh too
little to reach the threshold (term frequencies, model.py), so no pair that could be
proposed is lost. Splits are counted (`Stats.split`) and reported by the run.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from .models import BlockingKey

DEFAULT_MAX_BLOCK = 250


def max_block() -> int:
    configured = getattr(settings, "INPROCEDERE_DUPLICATES_MAX_BLOCK", None)
    if configured is None:
        configured = os.environ.get("INPROCEDERE_DUPLICATES_MAX_BLOCK", "") or DEFAULT_MAX_BLOCK
    return max(int(configured), 2)


@dataclass
class Own:
    """A record's key with its year and month of birth."""

    id: int | None
    key: str
    year: int | None
    month: int | None


def _sizes(keys) -> dict[str, int]:
    # count(*), not count(id): answered from the (key, year, month) index alone.
    rows = BlockingKey.objects.filter(key__in=list(keys)).values("key").annotate(n=Count("*"))
    return dict(rows.values_list("key", "n"))


def _fits(own: Own, year, month, split_month: bool) -> bool:
    if own.year is None:
        return year is None
    if year is None:
        return True
    if year != own.year:
        return False
    return not split_month or own.month is None or month is None or month == own.month


def partners(owns: list[Own], stats=None) -> dict[int | None, set[int]]:
    """{own id: ids of the records to compare it with} (itself excluded)."""
    by_key: dict[str, list[Own]] = defaultdict(list)
    for own in owns:
        if own.key:
            by_key[own.key].append(own)
    if not by_key:
        return {}
    limit = max_block()
    sizes = _sizes(by_key)
    big = {key for key, size in sizes.items() if size > limit}
    years = {own.year for key in big for own in by_key[key] if own.year is not None}
    wanted = Q(key__in=[key for key in by_key if key not in big])
    if big:
        wanted |= Q(key__in=list(big)) & (Q(year__in=list(years)) | Q(year__isnull=True))
    members: dict[str, list[tuple]] = defaultdict(list)
    rows = BlockingKey.objects.filter(wanted).values_list("key", "participant_id", "year", "month")
    for row in rows:
        members[row[0]].append(row[1:])
    found: dict[int | None, set[int]] = defaultdict(set)
    for key, mine in by_key.items():
        rows = members.get(key, [])
        for own in mine:
            if key not in big:
                found[own.id].update(pk for pk, _y, _m in rows if pk != own.id)
                continue
            if stats is not None:
                stats.split += 1
            near = [(pk, y, m) for pk, y, m in rows if _fits(own, y, m, False)]
            if len(near) > limit:
                near = [(pk, y, m) for pk, y, m in near if _fits(own, y, m, True)]
            found[own.id].update(pk for pk, _y, _m in near if pk != own.id)
    return found
