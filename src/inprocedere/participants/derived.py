"""What the residence history says today: current status, days until it expires, and
how long the person has been tolerated without interruption (LAW.md §1).

Pure functions over lists of `ResidenceStatus` rows (with their `status_type`), so a page
computes them from what it already prefetched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)


def current_status(periods: Iterable, on: dt.date):
    """The period that covers `on` (the latest begun, if several overlap), or None."""
    covering = [p for p in periods if p.covers(on)]
    return max(covering, key=lambda p: (p.valid_from, p.pk or 0)) if covering else None


def days_until_expiry(period, on: dt.date) -> int | None:
    """Days from `on` to the last day of `period` (0: expires today; None: open-ended)."""
    if period is None or period.valid_until is None:
        return None
    return (period.valid_until - on).days


def full_months_between(start: dt.date, end_exclusive: dt.date) -> int:
    """Completed calendar months from `start` up to (not including) `end_exclusive`."""
    months = (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month
    if end_exclusive.day < start.day:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True)
class ToleratedSpell:
    start: dt.date
    end: dt.date  # inclusive: today while still tolerated, else the end of the last period
    months: int
    ongoing: bool


def tolerated_spell(periods: Iterable, on: dt.date) -> ToleratedSpell | None:
    """The uninterrupted time tolerated up to `on` (or up to the last tolerated period).

    Only status types with `counts_as_tolerated` count (Duldung, Ausbildungs- and
    Beschäftigungsduldung; not the § 60b Duldung for unclarified identity). Periods that
    overlap or follow each other without a gap of a day form one spell.
    """
    tolerated = sorted(
        (p for p in periods if p.status_type.counts_as_tolerated and p.valid_from <= on),
        key=lambda p: p.valid_from,
    )
    if not tolerated:
        return None
    spells: list[list[dt.date]] = []
    for period in tolerated:
        until = min(period.valid_until or on, on)
        if spells and period.valid_from <= spells[-1][1] + ONE_DAY:
            spells[-1][1] = max(spells[-1][1], until)
        else:
            spells.append([period.valid_from, until])
    start, end = spells[-1]
    return ToleratedSpell(
        start=start,
        end=end,
        months=full_months_between(start, end + ONE_DAY),
        ongoing=end >= on,
    )


def months_tolerated(periods: Iterable, on: dt.date) -> int:
    spell = tolerated_spell(periods, on)
    return spell.months if spell else 0


@dataclass(frozen=True)
class ResidenceFacts:
    current: object | None
    days_until_expiry: int | None
    tolerated: ToleratedSpell | None

    @property
    def months_tolerated(self) -> int:
        return self.tolerated.months if self.tolerated else 0

    @property
    def expired(self) -> bool:
        return self.days_until_expiry is not None and self.days_until_expiry < 0


def residence_facts(periods: Iterable, on: dt.date) -> ResidenceFacts:
    periods = list(periods)
    current = current_status(periods, on)
    return ResidenceFacts(
        current=current,
        days_until_expiry=days_until_expiry(current, on),
        tolerated=tolerated_spell(periods, on),
    )
