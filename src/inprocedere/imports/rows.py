"""One row of a sheet parsed and checked on its own: cells to typed values, every problem
of the row with its column (the first pass, validation.py, adds the checks across rows
and against the register; the write pass parses the rows again with the same parser)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django_countries import countries

from inprocedere.core.partial_dates import PartialDate, PartialDateError

from . import columns as C
from .problems import Problem

CHUNK_ROWS = 1000
PREVIEW_ROWS = 10
MAX_HOURS = 10_000
FOLLOW_UP_AFTER = relativedelta(months=6)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EMPTY_MARKERS = {"-", "–", "—"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
GERMAN_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
PARTIAL = re.compile(r"^(\d{4})(-\d{1,2})?$|^(\d{1,2})[./](\d{4})$")
COUNTRY_SPLIT = re.compile(r"[;,/\s]+")
COUNTRIES = frozenset(code for code, _name in countries)


def _display(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


@dataclass
class Entry:
    """One valid row: the person's entry into the programme, typed."""

    row: int
    ref: str
    family_name: str
    given_names: str
    birth_date: PartialDate | None = None
    gender: str = ""
    citizenships: tuple[str, ...] = ()
    stateless: bool = False
    foreign_background: str = ""
    postcode: str = ""
    municipality: str = ""
    rural: bool = False
    homeless: bool = False
    residence_status: str = ""
    residence_valid_until: dt.date | None = None
    benefits: str = ""
    employment_status_at_entry: str = ""
    isced: int | None = None
    disability: str = ""
    minority: str = ""
    esf_consent: bool = False
    entry_date: dt.date | None = None
    counselling_minutes: int = 0
    exit_date: dt.date | None = None
    exit_reason: str = ""
    status_upon_leaving: str = ""
    qualification_gained: bool = False
    status_6_months: str = ""
    situation_improved_6_months: bool | None = None

    @property
    def has_follow_up(self) -> bool:
        return bool(self.status_6_months) or self.situation_improved_6_months is not None

    @property
    def follow_up_on(self) -> dt.date | None:
        return self.exit_date + FOLLOW_UP_AFTER if self.exit_date else None


class StatusTypes:
    """The residence status reference data, loaded once: code -> its versions."""

    def __init__(self):
        from inprocedere.participants.models import ResidenceStatusType

        self.versions: dict[str, list] = {}
        for kind in ResidenceStatusType.objects.order_by("valid_from"):
            self.versions.setdefault(kind.code.lower(), []).append(kind)

    def in_force(self, code: str, on: dt.date):
        found = [
            kind
            for kind in self.versions.get(code, ())
            if kind.valid_from <= on and (kind.valid_until is None or kind.valid_until >= on)
        ]
        return found[-1] if found else None


def _add_months(day: dt.date, months: int) -> dt.date:
    return day + relativedelta(months=months)


class RowParser:
    """Turns one row's cells into an Entry, collecting every problem of the row."""

    def __init__(self, status_types: StatusTypes, today: dt.date):
        self.status_types = status_types
        self.today = today

    def parse(self, number: int, cells: dict[str, str]) -> tuple[Entry | None, list[Problem]]:
        problems: list[Problem] = []
        values: dict = {}

        def problem(column, code, **params):
            problems.append(Problem(number, column, code, params))

        for name, text in cells.items():
            if text in EMPTY_MARKERS:
                cells[name] = text = ""
            if not text:
                if name in C.REQUIRED:
                    problem(name, "required")
                continue
            if text.startswith(FORMULA_START):
                problem(name, "formula", char=text[0].replace("\t", "⇥").replace("\r", "↵"))
                continue
            if CONTROL.search(text):
                problem(name, "control_characters")
                continue
            try:
                values[name] = self._value(C.BY_NAME[name], text)
            except _Bad as bad:
                problem(name, bad.code, **bad.params)
        for name in C.REQUIRED:
            if name not in cells:
                problem(name, "required")
        self._cross_checks(values, cells, problem)
        if problems:
            return None, problems
        entry = Entry(row=number, **self._entry_fields(values))
        return entry, []

    # --- one cell ------------------------------------------------------------------------

    def _value(self, column: C.Column, text: str):
        if column.max_length and len(text) > column.max_length:
            raise _Bad("too_long", limit=column.max_length)
        parse = getattr(self, f"_parse_{column.kind}")
        return parse(column, text)

    def _parse_text(self, column, text):
        return " ".join(text.split())

    def _parse_choice(self, column, text):
        code = C.choice_for(column.name, text)
        if code is None:
            raise _Bad("bad_choice", value=text[:60], choices=", ".join(C.codes(column.name)))
        return code

    def _parse_date(self, column, text):
        day = _day(text)
        if day > self.today and column.name != "residence_valid_until":
            raise _Bad("future_date", value=_display(day))
        if day.year < 1900:
            raise _Bad("too_old_date", value=_display(day))
        return day

    def _parse_partial_date(self, column, text):
        match = ISO_DAY.match(text) or GERMAN_DAY.match(text)
        if match:
            value = PartialDate.from_date(_day(text))
        elif PARTIAL.match(text):
            try:
                value = PartialDate.parse(text)
            except PartialDateError:
                raise _Bad("impossible_date", value=text[:30]) from None
        else:
            raise _Bad("bad_partial_date", value=text[:30])
        if value.is_in_future(self.today):
            raise _Bad("future_date", value=value.display())
        if value.year < 1900:
            raise _Bad("too_old_date", value=value.display())
        return value

    def _parse_citizenship(self, column, text):
        parts = [part for part in COUNTRY_SPLIT.split(text) if part]
        stateless = any(C.fold(part) in C.STATELESS for part in parts)
        codes = [part.upper() for part in parts if C.fold(part) not in C.STATELESS]
        wrong = [code for code in codes if code not in COUNTRIES]
        if wrong:
            raise _Bad("bad_country", value=", ".join(wrong)[:60])
        if stateless and codes:
            raise _Bad("stateless_and_country")
        return tuple(dict.fromkeys(codes)), stateless

    def _parse_isced(self, column, text):
        digits = C.fold(text).removeprefix("isced").strip("_")
        if not digits.isdigit() or not 0 <= int(digits) <= 8:
            raise _Bad("bad_isced", value=text[:20])
        return int(digits)

    def _parse_hours(self, column, text):
        try:
            hours = Decimal(text.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise _Bad("bad_hours", value=text[:20]) from None
        if not hours.is_finite():
            raise _Bad("bad_hours", value=text[:20])
        if not 0 <= hours <= MAX_HOURS:
            raise _Bad("hours_out_of_range", max=MAX_HOURS)
        return int((hours * 60).to_integral_value())

    def _parse_status(self, column, text):
        code = text.strip().lower()
        if code not in self.status_types.versions:
            raise _Bad("unknown_status", value=text[:40])
        return code

    # --- within the row --------------------------------------------------------------------

    def _cross_checks(self, values: dict, cells: dict, problem) -> None:
        """Checks between the cells of a row; a cell refused already is not blamed again."""
        entry = values.get("entry_date")
        exit_date = values.get("exit_date")
        if entry and exit_date and exit_date < entry:
            problem("exit_date", "before_entry", value=_display(exit_date), date=_display(entry))
        if not exit_date:
            for name in (
                "exit_reason",
                "status_upon_leaving",
                "qualification_gained",
                "status_6_months",
                "situation_improved_6_months",
            ):
                if name in values:
                    problem(name, "needs_exit")
        elif not cells.get("status_upon_leaving"):
            problem("status_upon_leaving", "needs_status_upon_leaving")
        elif "situation_improved_6_months" in values and not cells.get("status_6_months"):
            problem("status_6_months", "needs_status_6_months")
        elif "status_6_months" in values:
            due = exit_date + FOLLOW_UP_AFTER
            if due > self.today:
                column = (
                    "status_6_months"
                    if "status_6_months" in values
                    else ("situation_improved_6_months")
                )
                problem(column, "follow_up_not_due", date=_display(due))
        until = values.get("residence_valid_until")
        if until and not cells.get("residence_status"):
            problem("residence_valid_until", "required_status")
        if entry and "residence_status" in values:
            code = values["residence_status"]
            kind = self.status_types.in_force(code, entry)
            if kind is None:
                problem("residence_status", "status_not_in_force", value=code, date=_display(entry))
            elif until:
                if until < entry:
                    problem(
                        "residence_valid_until",
                        "before_entry",
                        value=_display(until),
                        date=_display(entry),
                    )
                elif kind.fixed_end and until > kind.fixed_end:
                    problem(
                        "residence_valid_until",
                        "status_fixed_end",
                        value=code,
                        date=_display(kind.fixed_end),
                    )
                elif kind.max_months and until > _add_months(entry, kind.max_months):
                    problem(
                        "residence_valid_until",
                        "status_too_long",
                        value=code,
                        months=kind.max_months,
                        date=_display(_add_months(entry, kind.max_months)),
                    )

    def _entry_fields(self, values: dict) -> dict:
        fields = dict(values)
        fields["ref"] = fields.pop("participant_ref")
        citizenship = fields.pop("citizenship", None)
        if citizenship:
            fields["citizenships"], fields["stateless"] = citizenship
        for name in ("rural", "homeless", "esf_consent", "qualification_gained"):
            if name in fields:
                fields[name] = fields[name] == "yes"
        if "situation_improved_6_months" in fields:
            fields["situation_improved_6_months"] = fields["situation_improved_6_months"] == "yes"
        if "counselling_hours" in fields:
            fields["counselling_minutes"] = fields.pop("counselling_hours")
        if fields.get("exit_date") and not fields.get("exit_reason"):
            fields["exit_reason"] = "other"
        return fields


class _Bad(Exception):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def _day(text: str) -> dt.date:
    text = text.strip()
    if match := ISO_DAY.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := GERMAN_DAY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif PARTIAL.match(text):
        raise _Bad("partial_not_allowed", value=text[:30])
    else:
        raise _Bad("bad_date", value=text[:30])
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _Bad("impossible_date", value=text[:30]) from None
