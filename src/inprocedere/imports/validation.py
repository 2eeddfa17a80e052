"""The first pass over a sheet: every row parsed and checked, nothing written.

The pass streams: it holds one chunk of rows at a time plus, per participant_ref, what
the checks across rows need (the first row's identity, the entry and exit dates). That
is a few hundred bytes per person, so 100,000 rows stay within some tens of megabytes.
Everything the services would refuse is refused here already, with the row and column;
the write pass then only meets what nobody could foresee (see writer.py). One row on its
own is parsed by rows.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils import timezone

from . import columns as C
from .problems import ERROR, WARNING, Problem
from .rows import CHUNK_ROWS, PREVIEW_ROWS, Entry, RowParser, StatusTypes, _display

__all__ = ["CHUNK_ROWS", "Entry", "Validator"]


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
