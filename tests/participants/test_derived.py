"""Current status, days until expiry and months tolerated, from a residence history."""

import datetime as dt

from inprocedere.participants.derived import (
    full_months_between,
    months_tolerated,
    residence_facts,
    tolerated_spell,
)
from inprocedere.participants.models import ResidenceStatus, ResidenceStatusType

TODAY = dt.date(2025, 6, 15)
DULDUNG = ResidenceStatusType(counts_as_tolerated=True, code="duldung")
DULDUNG_60B = ResidenceStatusType(counts_as_tolerated=False, code="duldung-60b")
PERMIT = ResidenceStatusType(counts_as_tolerated=False, code="25-5")


def period(kind, start, end=None, pk=None):
    return ResidenceStatus(pk=pk, status_type=kind, valid_from=start, valid_until=end)


def test_no_history():
    facts = residence_facts([], TODAY)
    assert facts.current is None
    assert facts.days_until_expiry is None
    assert facts.months_tolerated == 0


def test_current_status_and_days_until_expiry():
    old = period(DULDUNG, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    current = period(PERMIT, dt.date(2025, 1, 1), dt.date(2025, 7, 15))
    facts = residence_facts([old, current], TODAY)
    assert facts.current is current
    assert facts.days_until_expiry == 30


def test_expires_today_is_zero_days_and_open_ended_is_none():
    assert (
        residence_facts([period(PERMIT, dt.date(2025, 1, 1), TODAY)], TODAY).days_until_expiry == 0
    )
    assert residence_facts([period(PERMIT, dt.date(2025, 1, 1))], TODAY).days_until_expiry is None


def test_overlapping_periods_the_later_start_wins():
    a = period(DULDUNG, dt.date(2025, 1, 1), dt.date(2025, 12, 31), pk=1)
    b = period(PERMIT, dt.date(2025, 6, 1), dt.date(2026, 5, 31), pk=2)
    assert residence_facts([a, b], TODAY).current is b


def test_chained_tolerations_count_until_today():
    history = [
        period(DULDUNG, dt.date(2023, 1, 1), dt.date(2023, 6, 30)),
        period(DULDUNG, dt.date(2023, 7, 1), dt.date(2024, 6, 30)),  # adjoins
        period(DULDUNG, dt.date(2024, 5, 1), dt.date(2025, 12, 31)),  # overlaps
    ]
    spell = tolerated_spell(history, TODAY)
    assert spell.start == dt.date(2023, 1, 1)
    assert spell.end == TODAY
    assert spell.ongoing
    assert spell.months == 29


def test_a_gap_starts_a_new_spell():
    history = [
        period(DULDUNG, dt.date(2020, 1, 1), dt.date(2022, 12, 31)),
        period(DULDUNG, dt.date(2023, 1, 2), dt.date(2025, 12, 31)),  # one day missing
    ]
    assert tolerated_spell(history, TODAY).start == dt.date(2023, 1, 2)


def test_only_status_types_that_count_as_tolerated():
    history = [
        period(DULDUNG, dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        period(DULDUNG_60B, dt.date(2023, 1, 1), dt.date(2025, 12, 31)),
    ]
    spell = tolerated_spell(history, TODAY)
    assert (spell.start, spell.end, spell.months, spell.ongoing) == (
        dt.date(2022, 1, 1),
        dt.date(2022, 12, 31),
        12,
        False,
    )


def test_a_later_permit_ends_the_spell_at_the_last_toleration():
    history = [
        period(DULDUNG, dt.date(2018, 3, 1), dt.date(2021, 2, 28)),
        period(PERMIT, dt.date(2021, 3, 1), dt.date(2026, 2, 28)),
    ]
    assert months_tolerated(history, TODAY) == 36


def test_future_periods_do_not_count():
    assert months_tolerated([period(DULDUNG, dt.date(2026, 1, 1))], TODAY) == 0


def test_full_months():
    assert full_months_between(dt.date(2024, 1, 31), dt.date(2024, 2, 29)) == 0
    assert full_months_between(dt.date(2024, 1, 31), dt.date(2024, 3, 31)) == 2
    assert full_months_between(dt.date(2024, 1, 1), dt.date(2025, 1, 1)) == 12
    assert full_months_between(dt.date(2024, 5, 1), dt.date(2024, 4, 1)) == 0
