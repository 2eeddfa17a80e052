"""Partial dates: parsing round trips, ranges and ages that respect the precision."""

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inprocedere.core.partial_dates import PartialDate, PartialDateError, age_on

DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def partial_dates(draw):
    day = draw(DATES)
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate.from_date(day)


@given(partial_dates())
def test_iso_and_display_round_trip(value):
    assert PartialDate.parse(value.isoformat()) == value
    assert PartialDate.parse(value.display()) == value
    assert PartialDate.parse(f"  {value.isoformat()} ") == value


@given(partial_dates())
def test_earliest_and_latest_bound_the_value(value):
    assert value.earliest() <= value.latest()
    assert PartialDate.from_date(value.earliest()).year == value.year
    if value.precision == "day":
        assert value.earliest() == value.latest()


@given(partial_dates(), DATES)
def test_age_range_contains_the_esf_age(value, on):
    youngest, oldest = value.age_range_on(on)
    assert youngest <= value.esf_age_on(on) <= oldest
    assert oldest - youngest <= 1


@given(DATES, DATES)
def test_full_dates_have_exactly_one_age(born, on):
    value = PartialDate.from_date(born)
    assert value.age_range_on(on) == (age_on(born, on), age_on(born, on))
    assert value.esf_age_on(on) == age_on(born, on)


@given(DATES, DATES)
def test_any_full_date_in_a_year_lies_in_the_years_range(born, on):
    youngest, oldest = PartialDate(born.year).age_range_on(on)
    assert youngest <= age_on(born, on) <= oldest
    youngest, oldest = PartialDate(born.year, born.month).age_range_on(on)
    assert youngest <= age_on(born, on) <= oldest


@given(DATES)
def test_age_grows_by_one_on_the_birthday(born):
    next_year = born.year + 1
    if born.month == 2 and born.day == 29:
        return
    birthday = born.replace(year=next_year)
    assert age_on(born, birthday) == 1
    assert age_on(born, birthday - dt.timedelta(days=1)) == 0


def test_born_on_29_february():
    born = dt.date(2000, 2, 29)
    assert age_on(born, dt.date(2001, 2, 28)) == 0
    assert age_on(born, dt.date(2001, 3, 1)) == 1
    assert age_on(born, dt.date(2004, 2, 29)) == 4
    assert PartialDate(2000, 2, 29).display() == "29.02.2000"
    with pytest.raises(PartialDateError):
        PartialDate(2001, 2, 29)


@pytest.mark.parametrize(
    "text",
    ["", "90", "1990-13", "1990-02-30", "31.02.1990", "13/1990", "0000", "1990-05-17x", "abc"],
)
def test_bad_text_is_refused(text):
    with pytest.raises(PartialDateError):
        PartialDate.parse(text)


@given(st.text(max_size=20))
def test_parsing_never_fails_otherwise(text):
    with contextlib.suppress(PartialDateError):
        PartialDate.parse(text)


def test_esf_convention_january_first():
    assert PartialDate(2000).esf_age_on(dt.date(2018, 1, 1)) == 18
    assert PartialDate(2000).age_range_on(dt.date(2018, 1, 1)) == (17, 18)
    assert PartialDate(2000, 6).age_range_on(dt.date(2018, 6, 15)) == (17, 18)
    assert PartialDate(2000).is_in_future(dt.date(1999, 12, 31))
    assert not PartialDate(2000).is_in_future(dt.date(2000, 1, 1))
