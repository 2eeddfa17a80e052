"""The ESF counting rules as they ran in Python before issue 12 (plain records, no SQL).

Kept as the oracle the set-based SQL (`reporting.esf_sql`) is tested against:
tests/reporting/test_esf_rules.py runs every rule through both, and the cross-check in
test_esf_oracle.py compares them over generated data. Not used by the application.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils import timezone

from inprocedere.cases.models import Activity, Case, Enrollment, Placement
from inprocedere.cases.workflows import EnrollmentState
from inprocedere.core.partial_dates import PartialDate
from inprocedere.participants.models import Participant
from inprocedere.privacy.models import Consent, Purpose
from inprocedere.reporting.esf_codes import (
    CODES,
    EMPLOYED,
    EU_COUNTRIES,
    GENDERS,
    PLACEMENT_STATUS,
    REASONS,
    UNEMPLOYED,
    UPON_LEAVING_DAYS,
)

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


# --- loading the facts from the database (the old `selectors.esf_facts`) -------------


def esf_facts(scope, date_from: dt.date, date_to: dt.date):
    """The people and cases an ESF report over the range needs: five queries, any size.

    Every case in the scope of every person who has a case in the scope that enters,
    leaves or (without an entry date) opened in the range: earlier and later cases decide
    which entry is the first and which exit the last.
    """
    in_scope = scope.cases()
    relevant = in_scope.filter(
        Q(esf_entry_date__range=(date_from, date_to))
        | Q(exit__exit_date__range=(date_from, date_to))
        | Q(esf_entry_date__isnull=True, opened_at__date__range=(date_from, date_to))
    )
    case_rows = list(
        in_scope.filter(participant_id__in=relevant.values("participant_id"))
        .select_related("participant", "exit", "follow_up")
        .order_by("pk")
    )
    case_ids = in_scope.filter(participant_id__in=relevant.values("participant_id")).values("pk")
    minutes = dict(
        Activity.objects.filter(case_id__in=case_ids)
        .order_by()
        .values("case_id")
        .annotate(total=Sum("duration_minutes"))
        .values_list("case_id", "total")
    )
    placements: dict[int, list[PlacementFacts]] = {}
    for case_id, kind, starts_on in Placement.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "type", "starts_on"
    ):
        placements.setdefault(case_id, []).append(PlacementFacts(kind, starts_on))
    enrolments: dict[int, list[EnrolmentFacts]] = {}
    for case_id, gained, ended_on in Enrollment.objects.filter(
        case_id__in=case_ids, state=EnrollmentState.COMPLETED
    ).values_list("case_id", "qualification_gained", "ended_on"):
        enrolments.setdefault(case_id, []).append(EnrolmentFacts(gained, ended_on))
    consents: dict[int, list[ConsentFacts]] = {}
    for participant_id, signed_on, valid_until, withdrawn_on in (
        Consent.unrestricted.filter(participant_id__in=relevant.values("participant_id"))
        .for_purpose(Purpose.ESF_MONITORING)
        .values_list("participant_id", "signed_on", "valid_until", "withdrawn_on")
    ):
        consents.setdefault(participant_id, []).append(
            ConsentFacts(signed_on, valid_until, withdrawn_on)
        )
    people = {}
    cases = []
    for case in case_rows:
        if case.participant_id not in people:
            people[case.participant_id] = _person(case.participant, consents)
        cases.append(
            CaseFacts(
                case_id=case.pk,
                participant_id=case.participant_id,
                opened_on=timezone.localtime(case.opened_at).date(),
                entry_date=case.esf_entry_date,
                employment_status=case.employment_status_at_entry,
                isced=case.isced_at_entry,
                homeless=case.homeless,
                rural=case.rural,
                minutes=minutes.get(case.pk) or 0,
                exit=_exit(case),
                follow_up=_follow_up(case),
                placements=tuple(placements.get(case.pk, ())),
                enrolments=tuple(enrolments.get(case.pk, ())),
            )
        )
    return people, cases


def _person(participant: Participant, consents) -> PersonFacts:
    return PersonFacts(
        participant_id=participant.pk,
        gender=participant.gender,
        birth_date=participant.birth_date,
        citizenships=tuple(country.code for country in participant.citizenships),
        stateless=participant.stateless,
        foreign_background=participant.foreign_background,
        disability=participant.disability,
        minority=participant.minority,
        esf_consents=tuple(consents.get(participant.pk, ())),
    )


def _exit(case: Case) -> ExitFacts | None:
    exit = case.exit if hasattr(case, "exit") else None  # a missing one-to-one raises
    if exit is None:
        return None
    return ExitFacts(exit.exit_date, exit.status_upon_leaving, exit.qualification_gained)


def _follow_up(case: Case) -> FollowUpFacts | None:
    follow_up = case.follow_up if hasattr(case, "follow_up") else None
    if follow_up is None:
        return None
    return FollowUpFacts(follow_up.status, follow_up.situation_improved)
