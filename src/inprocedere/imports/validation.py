"""The first pass over a sheet: every row parsed and checked, nothing written.

The pass streams: it holds one chunk of rows at a time plus, per participant_ref, what
the checks across rows need (the first row's identity, the entry and exit dates). That
is a few hundred bytes per person, so 100,000 rows stay within some tens of megabytes.
Everything the services would refuse is refused here already, with the row and column;
the write pass then only meets what nobody could foresee (see writer.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django_countries import countries

from inprocedere.core.partial_dates import PartialDate, PartialDateError

from . import columns as C
from .problems import ERROR, WARNING, Problem

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


# --- the pass over the whole file ---------------------------------------------------------


@dataclass
class PersonState:
    """What the checks across rows keep of one participant_ref."""

    first_row: int
    identity: tuple[str, str, str]
    citizenships: tuple[str, ...] = ()
    entries: list = field(default_factory=list)  # (entry_date, exit_date, row)
    participant_id: int | None = None  # registered already (by this organisation's ref)
    registered: tuple | None = None  # (family_name, given_names, birth_date) as registered
    compared: bool = False
    known: list = field(default_factory=list)  # recorded cases: (entry, exit, status, follow-up)


@dataclass
class Summary:
    rows: int = 0
    valid_rows: int = 0
    new_people: int = 0
    known_people: int = 0
    new_entries: int = 0
    updated_entries: int = 0
    unchanged_entries: int = 0
    errors: int = 0
    warnings: int = 0

    def as_json(self) -> dict:
        return dict(self.__dict__)


IDENTITY_FIELDS = ("family_name", "given_names", "birth_date")


def identity_of(family_name: str, given_names: str, birth_date) -> tuple[str, str, str]:
    return (
        " ".join(family_name.split()),
        " ".join(given_names.split()),
        birth_date.isoformat() if birth_date else "",
    )


class Validator:
    """Feed it the header, then the rows; it keeps the report.

    `organisation` decides which participant_refs are known already (its own refs).
    """

    def __init__(self, organisation, *, max_problems: int = 1000, today: dt.date | None = None):
        self.organisation = organisation
        self.today = today or timezone.localdate()
        self.parser = RowParser(StatusTypes(), self.today)
        self.max_problems = max_problems
        self.problems: list[Problem] = []
        self.summary = Summary()
        self.people: dict[str, PersonState] = {}
        self.seen_rows: dict[bytes, int] = {}
        self.index: dict[int, str] = {}
        self.headers: dict[str, str] = {}
        self.preview: list[dict] = []
        self._chunk: list[Entry] = []
        self.readable = True
        self.warned_refs: set[str] = set()

    # --- problems --------------------------------------------------------------------

    def add(self, problem: Problem) -> None:
        if problem.level == ERROR:
            self.summary.errors += 1
        else:
            self.summary.warnings += 1
        if len(self.problems) < self.max_problems:
            self.problems.append(problem)

    def file_problem(self, code: str, **params) -> None:
        self.readable = False
        self.add(Problem(None, "", code, params))

    @property
    def valid(self) -> bool:
        return self.readable and self.summary.errors == 0 and self.summary.valid_rows > 0

    # --- header ----------------------------------------------------------------------

    def header(self, cells: list[str]) -> bool:
        for position, text in enumerate(cells):
            if not text:
                continue
            name = C.column_for(text)
            if name is None:
                self.add(Problem(None, text[:60], "unknown_column", {"header": text[:60]}, WARNING))
            elif name in self.headers:
                self.add(Problem(None, name, "repeated_column", {"column": name, "header": text}))
                self.readable = False
            else:
                self.index[position] = name
                self.headers[name] = text
        for name in C.REQUIRED:
            if name not in self.headers:
                self.add(Problem(None, name, "missing_column", {"column": name}))
                self.readable = False
        return self.readable

    # --- rows ------------------------------------------------------------------------

    def row(self, number: int, raw: list[str]) -> None:
        self.summary.rows += 1
        cells = {name: raw[i] if i < len(raw) else "" for i, name in self.index.items()}
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append({"row": number, "cells": dict(cells)})
        digest = hashlib.blake2b(
            "\x1f".join(cells[name] for name in self.index.values()).encode(), digest_size=12
        ).digest()
        first = self.seen_rows.setdefault(digest, number)
        if first != number:
            self.add(Problem(number, "", "duplicate_row", {"row": first}))
            return
        entry, problems = self.parser.parse(number, cells)
        for problem in problems:
            self.add(problem)
        if entry is None:
            return
        if not self._across_rows(entry):
            return
        self.summary.valid_rows += 1
        self._chunk.append(entry)
        if len(self._chunk) >= CHUNK_ROWS:
            self._flush()

    def _across_rows(self, entry: Entry) -> bool:
        identity = identity_of(entry.family_name, entry.given_names, entry.birth_date)
        person = self.people.get(entry.ref)
        if person is None:
            self.people[entry.ref] = PersonState(entry.row, identity, entry.citizenships)
            person = self.people[entry.ref]
        elif person.identity != identity:
            for name, mine, theirs in zip(IDENTITY_FIELDS, identity, person.identity, strict=True):
                if mine.casefold() != theirs.casefold():
                    self.add(
                        Problem(
                            entry.row,
                            name,
                            "other_person",
                            {
                                "ref": entry.ref,
                                "field": name,
                                "row": person.first_row,
                                "value": theirs,
                            },
                        )
                    )
                    return False
        for entry_date, _exit, row, _follow_up in person.entries:
            if entry_date == entry.entry_date:
                self.add(
                    Problem(
                        entry.row,
                        "entry_date",
                        "same_entry_twice",
                        {"ref": entry.ref, "date": _display(entry_date), "row": row},
                    )
                )
                return False
        person.entries.append((entry.entry_date, entry.exit_date, entry.row, entry.has_follow_up))
        return True

    def _flush(self) -> None:
        """Look up the chunk's refs among the organisation's registered participants."""
        chunk, self._chunk = self._chunk, []
        refs = {entry.ref for entry in chunk}
        fresh = [ref for ref in refs if self.people[ref].participant_id is None]
        if fresh:
            self._load_known(fresh)
        for entry in chunk:
            person = self.people[entry.ref]
            if person.participant_id is None:
                continue
            self._compare_with_record(entry, person)

    def _load_known(self, refs: list[str]) -> None:
        from inprocedere.cases.models import Case
        from inprocedere.participants.models import ExternalIdentifier, Participant

        from .lookups import unrestricted

        found = dict(
            ExternalIdentifier.objects.filter(
                organisation=self.organisation,
                kind=ExternalIdentifier.Kind.PARTICIPANT_REF,
                value__in=refs,
            ).values_list("participant_id", "value")
        )
        if not found:
            return
        registered = {
            row[0]: row[1:]
            for row in unrestricted(Participant)
            .filter(pk__in=found)
            .values_list("pk", "family_name", "given_names", "birth_date")
        }
        for participant_id, ref in found.items():
            self.people[ref].participant_id = participant_id
            self.people[ref].registered = registered.get(participant_id)
        cases = (
            unrestricted(Case)
            .filter(participant_id__in=found, owner_organisation=self.organisation)
            .values_list(
                "participant_id",
                "esf_entry_date",
                "exit__exit_date",
                "exit__status_upon_leaving",
                "follow_up__done_on",
            )
        )
        for participant_id, entry_date, exit_date, status, follow_up_done in cases:
            self.people[found[participant_id]].known.append(
                (entry_date, exit_date, status, follow_up_done)
            )

    def _compare_with_record(self, entry: Entry, person: PersonState) -> None:
        registered = person.registered
        if registered and not person.compared:
            person.compared = True
            family, given, birth = registered
            theirs = identity_of(family, given, birth)
            mine = identity_of(entry.family_name, entry.given_names, entry.birth_date)
            for name, a, b in zip(IDENTITY_FIELDS, mine, theirs, strict=True):
                if a.casefold() != b.casefold():
                    self.add(
                        Problem(
                            entry.row,
                            name,
                            "registered_differs",
                            {"ref": entry.ref, "field": name},
                            WARNING,
                        )
                    )
                    break
        for entry_date, exit_date, status, _follow_up_done in person.known:
            if entry_date != entry.entry_date:
                continue
            if exit_date and entry.exit_date and exit_date != entry.exit_date:
                self.add(
                    Problem(
                        entry.row,
                        "exit_date",
                        "entry_differs",
                        {
                            "date": _display(entry_date),
                            "field": "exit_date",
                            "value": _display(exit_date),
                        },
                        WARNING,
                    )
                )
            elif exit_date and entry.exit_date and status != entry.status_upon_leaving:
                self.add(
                    Problem(
                        entry.row,
                        "status_upon_leaving",
                        "entry_differs",
                        {
                            "date": _display(entry_date),
                            "field": "status_upon_leaving",
                            "value": status,
                        },
                        WARNING,
                    )
                )

    def finish(self) -> None:
        self._flush()
        if not self.readable:
            return
        if self.summary.rows == 0:
            self.file_problem("no_rows")
            return
        self._entries_in_order()
        self._count()

    def _entries_in_order(self) -> None:
        """Per person: each re-entry lies after the exit of the entry before it."""
        for ref, person in self.people.items():
            timeline = [(e, x, row) for e, x, row, _f in person.entries]
            timeline += [(e, x, None) for e, x, *_rest in person.known if e is not None]
            # A recorded entry also in the file: the file may add its exit.
            merged: dict = {}
            for entry_date, exit_date, row in timeline:
                before = merged.get(entry_date)
                if before is None:
                    merged[entry_date] = (exit_date, row)
                else:
                    merged[entry_date] = (before[0] or exit_date, before[1] or row)
            ordered = sorted(merged.items())
            for (earlier, (earlier_exit, earlier_row)), (later, (_x, later_row)) in pairwise(
                ordered
            ):
                row = later_row or earlier_row
                if row is None:
                    continue  # both recorded already: not this import's business
                params = {"ref": ref, "date": _display(later), "earlier": _display(earlier)}
                if earlier_exit is None:
                    self.add(Problem(row, "entry_date", "reentry_without_exit", params))
                elif earlier_exit > later:
                    params["exit"] = _display(earlier_exit)
                    self.add(Problem(row, "entry_date", "overlapping_entries", params))

    def _count(self) -> None:
        summary = self.summary
        for person in self.people.values():
            if person.participant_id is None:
                summary.new_people += 1
            else:
                summary.known_people += 1
            recorded = {entry_date: rest for entry_date, *rest in person.known}
            for entry_date, exit_date, _row, follow_up in person.entries:
                if entry_date not in recorded:
                    summary.new_entries += 1
                    continue
                known_exit, _status, follow_up_done = recorded[entry_date]
                if (exit_date and not known_exit) or (follow_up and not follow_up_done):
                    summary.updated_entries += 1
                else:
                    summary.unchanged_entries += 1

    def new_people(self):
        """(ref, identity) of every person the import would register."""
        for ref, person in self.people.items():
            if person.participant_id is None:
                yield ref, person
