"""ESF+ participant indicators (Reg. (EU) 2021/1057 Annex I, LAW.md §4).

Two halves. `selectors.esf_facts` reads a scope's cases once, with a constant number of
queries, into the plain records below; `compute` applies the counting rules to them in
Python, so every rule can be tested without a database. docs/reporting.md explains the
rules in words.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from inprocedere.core.partial_dates import PartialDate

GENDERS = ("woman", "man", "non_binary")
OUTPUT_CODES = tuple(f"EECO{number:02d}" for number in range(1, 18))
RESULT_CODES = tuple(f"EECR{number:02d}" for number in range(1, 7))
CODES = OUTPUT_CODES + RESULT_CODES
REASONS = ("no_esf_consent", "incomplete_mandatory", "below_threshold")
UPON_LEAVING_DAYS = 28

LABELS = {
    "EECO01": _("Total participants"),
    "EECO02": _("Unemployed, including long-term unemployed"),
    "EECO03": _("Long-term unemployed"),
    "EECO04": _("Inactive"),
    "EECO05": _("Employed, including self-employed"),
    "EECO06": _("Under 18 years of age"),
    "EECO07": _("18 to 29 years of age"),
    "EECO08": _("55 years of age and over"),
    "EECO09": _("Lower secondary education or less (ISCED 0–2)"),
    "EECO10": _("Upper secondary or post-secondary education (ISCED 3–4)"),
    "EECO11": _("Tertiary education (ISCED 5–8)"),
    "EECO12": _("Participants with disabilities"),
    "EECO13": _("Third-country nationals"),
    "EECO14": _("Participants with a foreign background"),
    "EECO15": _("Minorities"),
    "EECO16": _("Homeless or affected by housing exclusion"),
    "EECO17": _("Participants from rural areas"),
    "EECR01": _("Job searching upon leaving"),
    "EECR02": _("In education or training upon leaving"),
    "EECR03": _("Gained a qualification upon leaving"),
    "EECR04": _("In employment, including self-employment, upon leaving"),
    "EECR05": _("In employment, including self-employment, six months after leaving"),
    "EECR06": _("Labour-market situation improved six months after leaving"),
}
REASON_LABELS = {
    "no_esf_consent": _("Not counted: no ESF monitoring consent"),
    "incomplete_mandatory": _("Not counted: mandatory entry data incomplete"),
    "below_threshold": _("Not counted: counselling hours below the threshold"),
}
GENDER_LABELS = {"woman": _("Women"), "man": _("Men"), "non_binary": _("Non-binary")}

# EU member states (ISO 3166-1 alpha-2). Anyone without one of these is a third-country
# national for EECO13, including stateless people.
EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)

UNEMPLOYED = {"unemployed", "long_term_unemployed"}
EMPLOYED = {"employed", "self_employed"}
# What a placement starting within 28 days after the exit means for the status upon leaving.
PLACEMENT_STATUS = {
    "employment": "employed",
    "marginal": "employed",
    "self_employment": "self_employed",
    "vocational_training": "education_training",
    "school": "education_training",
}


# --- the facts: plain records, no ORM ---------------------------------------------------


@dataclass(frozen=True)
class ConsentFacts:
    signed_on: dt.date
    valid_until: dt.date | None = None
    withdrawn_on: dt.date | None = None

    def valid_on(self, on: dt.date) -> bool:
        return (
            self.signed_on <= on
            and (self.valid_until is None or self.valid_until >= on)
            and (self.withdrawn_on is None or self.withdrawn_on > on)
        )


@dataclass(frozen=True)
class PersonFacts:
    participant_id: int
    gender: str = "not_stated"
    birth_date: PartialDate | None = None
    citizenships: tuple[str, ...] = ()
    stateless: bool = False
    foreign_background: str = ""
    disability: str = ""
    minority: str = ""
    esf_consents: tuple[ConsentFacts, ...] = ()


@dataclass(frozen=True)
class ExitFacts:
    exit_date: dt.date
    status_upon_leaving: str
    qualification_gained: bool = False


@dataclass(frozen=True)
class FollowUpFacts:
    status: str = ""
    situation_improved: bool | None = None


@dataclass(frozen=True)
class PlacementFacts:
    type: str
    starts_on: dt.date


@dataclass(frozen=True)
class EnrolmentFacts:
    """A completed enrolment (only those matter here)."""

    qualification_gained: bool
    ended_on: dt.date | None = None


@dataclass(frozen=True)
class CaseFacts:
    case_id: int
    participant_id: int
    opened_on: dt.date
    entry_date: dt.date | None = None
    employment_status: str = ""
    isced: int | None = None
    homeless: bool = False
    rural: bool = False
    minutes: int = 0
    exit: ExitFacts | None = None
    follow_up: FollowUpFacts | None = None
    placements: tuple[PlacementFacts, ...] = ()
    enrolments: tuple[EnrolmentFacts, ...] = ()


# --- one person in one operation --------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    """A person's cases in the scope, seen as one participation (counted once)."""

    person: PersonFacts
    cases: tuple[CaseFacts, ...]

    @property
    def entries(self) -> list[CaseFacts]:
        return sorted(
            (case for case in self.cases if case.entry_date),
            key=lambda case: (case.entry_date, case.case_id),
        )

    @property
    def first(self) -> CaseFacts | None:
        """The first entry: its data is the person's entry data."""
        entries = self.entries
        return entries[0] if entries else None

    @property
    def last(self) -> CaseFacts | None:
        """The last entry: its exit is the person's exit."""
        entries = self.entries
        return entries[-1] if entries else None

    @property
    def entry_date(self) -> dt.date | None:
        first = self.first
        return first.entry_date if first else None

    @property
    def reference_date(self) -> dt.date:
        """The entry date, or for a person without one the day the first case was opened."""
        return self.entry_date or min(case.opened_on for case in self.cases)

    @property
    def exit(self) -> ExitFacts | None:
        last = self.last
        return last.exit if last else None

    @property
    def minutes(self) -> int:
        return sum(case.minutes for case in self.cases)


def has_esf_consent(participation: Participation) -> bool:
    on = participation.reference_date
    return any(consent.valid_on(on) for consent in participation.person.esf_consents)


def mandatory_complete(participation: Participation) -> bool:
    """Entry date, gender, birth year, employment status, ISCED level and citizenship."""
    person, first = participation.person, participation.first
    return bool(
        first is not None
        and person.gender in GENDERS
        and person.birth_date is not None
        and first.employment_status
        and first.isced is not None
        and (person.citizenships or person.stateless)
    )


def not_counted_reason(participation: Participation, *, min_hours: int) -> str | None:
    """The first rule the person fails, in the order of `REASONS`; None when they count."""
    if not has_esf_consent(participation):
        return "no_esf_consent"
    if not mandatory_complete(participation):
        return "incomplete_mandatory"
    if participation.minutes < min_hours * 60:
        return "below_threshold"
    return None


def is_third_country_national(person: PersonFacts) -> bool:
    return not any(code in EU_COUNTRIES for code in person.citizenships)


def output_codes(participation: Participation) -> set[str]:
    """The output indicators (EECO) a counted person falls under, from the first entry."""
    person, first = participation.person, participation.first
    codes = {"EECO01"}
    status = first.employment_status
    if status in UNEMPLOYED:
        codes.add("EECO02")
    if status == "long_term_unemployed":
        codes.add("EECO03")
    if status == "inactive":
        codes.add("EECO04")
    if status in EMPLOYED:
        codes.add("EECO05")
    age = person.birth_date.esf_age_on(first.entry_date)
    if age < 18:
        codes.add("EECO06")
    elif age <= 29:
        codes.add("EECO07")
    elif age >= 55:
        codes.add("EECO08")
    if first.isced <= 2:
        codes.add("EECO09")
    elif first.isced <= 4:
        codes.add("EECO10")
    else:
        codes.add("EECO11")
    if person.disability == "yes":
        codes.add("EECO12")
    if is_third_country_national(person):
        codes.add("EECO13")
    if person.foreign_background == "yes":
        codes.add("EECO14")
    if person.minority == "yes":
        codes.add("EECO15")
    if first.homeless:
        codes.add("EECO16")
    if first.rural:
        codes.add("EECO17")
    return codes


def status_upon_leaving(exit: ExitFacts, placements: Iterable[PlacementFacts]) -> str:
    """The last status recorded within 28 days after the exit.

    The exit's own status, unless a placement starts on the exit day or up to 28 days
    later: then the latest such placement says where the person went.
    """
    deadline = exit.exit_date + dt.timedelta(days=UPON_LEAVING_DAYS)
    later = [p for p in placements if exit.exit_date <= p.starts_on <= deadline]
    if later:
        latest = max(later, key=lambda p: p.starts_on)
        return PLACEMENT_STATUS.get(latest.type, exit.status_upon_leaving)
    return exit.status_upon_leaving


def gained_qualification(participation: Participation) -> bool:
    exit = participation.exit
    if exit.qualification_gained:
        return True
    deadline = exit.exit_date + dt.timedelta(days=UPON_LEAVING_DAYS)
    return any(
        enrolment.qualification_gained
        and (enrolment.ended_on is None or enrolment.ended_on <= deadline)
        for case in participation.cases
        for enrolment in case.enrolments
    )


def result_codes(participation: Participation) -> set[str]:
    """The result indicators (EECR) of a counted person who has left (the last exit)."""
    exit = participation.exit
    placements = [p for case in participation.cases for p in case.placements]
    status = status_upon_leaving(exit, placements)
    codes = set()
    if status == "job_searching":
        codes.add("EECR01")
    elif status == "education_training":
        codes.add("EECR02")
    elif status in EMPLOYED:
        codes.add("EECR04")
    if gained_qualification(participation):
        codes.add("EECR03")
    follow_up = participation.last.follow_up
    if follow_up is not None:
        if follow_up.status in EMPLOYED:
            codes.add("EECR05")
        if follow_up.situation_improved:
            codes.add("EECR06")
    return codes


# --- the report -------------------------------------------------------------------------


@dataclass
class Figure:
    """One indicator: the participant ids behind it, by gender."""

    ids: dict[str, list[int]] = field(default_factory=lambda: {g: [] for g in GENDERS})

    def add(self, gender: str, participant_id: int) -> None:
        self.ids[gender].append(participant_id)

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.ids.values())

    def count(self, gender: str) -> int:
        return len(self.ids[gender])

    def all_ids(self) -> list[int]:
        return sorted(pid for ids in self.ids.values() for pid in ids)

    def as_counts(self) -> dict[str, int]:
        return {"total": self.total, **{gender: self.count(gender) for gender in GENDERS}}


@dataclass
class EsfReport:
    date_from: dt.date
    date_to: dt.date
    scope: str
    indicators: dict[str, Figure]
    not_counted: dict[str, list[int]]

    def as_json(self) -> dict:
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "scope": self.scope,
            "indicators": {code: self.indicators[code].as_counts() for code in CODES},
            "not_counted": {reason: len(self.not_counted[reason]) for reason in REASONS},
        }

    def ids_for(self, code: str, gender: str = "total") -> list[int]:
        """The participants behind one figure (a code or a not-counted reason)."""
        if code in REASONS:
            return sorted(self.not_counted[code]) if gender == "total" else []
        figure = self.indicators[code]
        return figure.all_ids() if gender == "total" else sorted(figure.ids[gender])


def compute(
    people: Mapping[int, PersonFacts],
    cases: Iterable[CaseFacts],
    *,
    date_from: dt.date,
    date_to: dt.date,
    scope: str = "network",
    min_hours: int = 8,
) -> EsfReport:
    """The ESF report for participants entering or leaving between the two dates."""
    by_person: dict[int, list[CaseFacts]] = defaultdict(list)
    for case in cases:
        by_person[case.participant_id].append(case)
    indicators = {code: Figure() for code in CODES}
    not_counted: dict[str, list[int]] = {reason: [] for reason in REASONS}

    def in_range(day):
        return day is not None and date_from <= day <= date_to

    for participant_id in sorted(by_person):
        participation = Participation(people[participant_id], tuple(by_person[participant_id]))
        exit = participation.exit
        enters = in_range(participation.entry_date)
        leaves = exit is not None and in_range(exit.exit_date)
        if not (enters or leaves or in_range(participation.reference_date)):
            continue
        reason = not_counted_reason(participation, min_hours=min_hours)
        if reason:
            not_counted[reason].append(participant_id)
            continue
        codes = (output_codes(participation) if enters else set()) | (
            result_codes(participation) if leaves else set()
        )
        for code in codes:
            indicators[code].add(participation.person.gender, participant_id)
    return EsfReport(date_from, date_to, scope, indicators, not_counted)


def build_report(*, date_from: dt.date, date_to: dt.date, scope) -> EsfReport:
    """Load the facts of `scope` (a `selectors.Scope`) and compute the report."""
    from django.conf import settings

    from .selectors import esf_facts

    people, cases = esf_facts(scope, date_from, date_to)
    return compute(
        people,
        cases,
        date_from=date_from,
        date_to=date_to,
        scope=scope.key,
        min_hours=settings.INPROCEDERE_ESF_MIN_HOURS,
    )
