"""Participants as JSON: identity, contact, residence history, benefit periods and
work-permit applications. Field names follow the models; each carries its data category
in the model's DATA_CATEGORIES (for the redaction the consent work adds)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from pydantic import field_validator

from inprocedere.participants.models import (
    BenefitPeriod,
    ExternalIdentifier,
    Gender,
    WorkEndorsement,
    WorkPermitApplication,
    YesNoDeclined,
)

from .common import Choice, PhoneOut, choice, phone_out
from .directory import OrganisationRef
from .strict import In

NO_NUL = r"^[^\x00]*$"


def _text(max_length: int, description: str = "", default=""):
    return Field(default, max_length=max_length, pattern=NO_NUL, description=description)


# --- reference data -------------------------------------------------------------------


class ResidenceStatusTypeOut(Schema):
    code: str
    name: str = Field(description="In the language of the request.")
    name_de: str
    name_en: str
    kind: Choice
    law: str
    paragraph: str
    absatz: str
    satz: str
    citation: str
    valid_from: dt.date
    valid_until: dt.date | None
    max_months: int | None
    extendable: bool
    fixed_end: dt.date | None
    free_labour_market_access: bool
    counts_as_tolerated: bool

    @staticmethod
    def resolve_kind(obj):
        return choice(obj, "kind")


class StatusTypeRef(Schema):
    code: str
    name: str
    citation: str
    counts_as_tolerated: bool


# --- records ----------------------------------------------------------------------------


class ResidenceStatusOut(Schema):
    id: int
    status_type: StatusTypeRef
    paragraph: str
    absatz: str
    satz: str
    valid_from: dt.date
    valid_until: dt.date | None
    on_probation: bool
    work_endorsement: Choice | None
    residence_obligation: str
    issuing_authority: OrganisationRef | None
    document_number: str

    @staticmethod
    def resolve_work_endorsement(obj):
        return choice(obj, "work_endorsement") if obj.work_endorsement else None


class ResidenceStatusIn(In):
    status_type: str = Field(
        max_length=40, pattern=r"^[-a-z0-9_]+$", description="Code of a residence status type."
    )
    valid_from: dt.date
    valid_until: dt.date | None = None
    paragraph: str = _text(10, "Defaults to the status type's paragraph.")
    absatz: str = _text(5)
    satz: str = _text(5)
    on_probation: bool = False
    work_endorsement: WorkEndorsement | None = None
    residence_obligation: str = _text(200)
    issuing_authority: str | None = Field(
        None, max_length=100, pattern=r"^[-a-zA-Z0-9_]*$", description="Organisation slug."
    )
    document_number: str = _text(50)


class BenefitPeriodOut(Schema):
    id: int
    system: Choice
    agency: OrganisationRef | None
    valid_from: dt.date
    valid_until: dt.date | None

    @staticmethod
    def resolve_system(obj):
        return choice(obj, "system")


class BenefitPeriodIn(In):
    system: BenefitPeriod.System
    valid_from: dt.date
    valid_until: dt.date | None = None
    agency: str | None = Field(
        None, max_length=100, pattern=r"^[-a-zA-Z0-9_]*$", description="Organisation slug."
    )


class WorkPermitApplicationOut(Schema):
    id: int
    applied_on: dt.date
    employer: str
    job: str
    hours_per_week: Decimal | None
    hourly_wage: Decimal | None
    sent_to_agency_on: dt.date | None
    agency_decision: Choice
    agency_decided_on: dt.date | None
    priority_check: bool
    valid_until: dt.date | None
    tied_to_employer: bool
    ban_reason: str

    @staticmethod
    def resolve_agency_decision(obj):
        return choice(obj, "agency_decision")


class WorkPermitApplicationIn(In):
    applied_on: dt.date
    employer: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    job: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    hours_per_week: Decimal | None = Field(None, ge=0, le=168, max_digits=4, decimal_places=1)
    hourly_wage: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=2)
    sent_to_agency_on: dt.date | None = None
    agency_decision: WorkPermitApplication.Decision = WorkPermitApplication.Decision.PENDING
    agency_decided_on: dt.date | None = None
    priority_check: bool = False
    valid_until: dt.date | None = None
    tied_to_employer: bool = False
    ban_reason: str = _text(300)


# --- participants ---------------------------------------------------------------------


class AliasOut(Schema):
    id: int
    family_name: str
    given_names: str
    source: str


class ExternalIdOut(Schema):
    id: int
    kind: Choice
    value: str
    organisation: OrganisationRef

    @staticmethod
    def resolve_kind(obj):
        return choice(obj, "kind")


class CurrentStatusOut(Schema):
    status: ResidenceStatusOut | None
    days_until_expiry: int | None = Field(description="None when open-ended or no status.")
    months_tolerated: int = Field(
        description="Uninterrupted months tolerated, up to today or the last tolerated period."
    )


class ParticipantOut(Schema):
    id: int
    version: int
    family_name: str
    given_names: str
    birth_date: str | None = Field(
        description="ISO, as precise as known: 1990, 1990-05, 1990-05-17."
    )
    gender: Choice
    citizenships: list[str] = Field(description="ISO 3166 codes.")
    stateless: bool
    aliases: list[AliasOut]
    registered_by: OrganisationRef

    @staticmethod
    def resolve_birth_date(obj):
        return obj.birth_date.isoformat() if obj.birth_date else None

    @staticmethod
    def resolve_gender(obj):
        return choice(obj, "gender")

    @staticmethod
    def resolve_citizenships(obj):
        return [country.code for country in obj.citizenships]

    @staticmethod
    def resolve_aliases(obj):
        return list(obj.aliases.all())


class ParticipantDetailOut(ParticipantOut):
    birth_place: str
    languages: list[str]
    phone: PhoneOut | None
    email: str
    street: str
    postcode: str
    municipality: str
    minor_children: int
    household_note: str
    foreign_background: str
    disability: str
    minority: str
    external_ids: list[ExternalIdOut]
    residence: CurrentStatusOut
    residence_statuses: list[ResidenceStatusOut]
    benefit_periods: list[BenefitPeriodOut]
    work_permit_applications: list[WorkPermitApplicationOut]
    updated_at: dt.datetime

    @staticmethod
    def resolve_phone(obj):
        return phone_out(obj.phone)

    @staticmethod
    def resolve_external_ids(obj):
        return list(obj.external_ids.all())

    @staticmethod
    def resolve_residence_statuses(obj):
        return obj.residence_periods

    @staticmethod
    def resolve_benefit_periods(obj):
        return list(obj.benefit_periods.all())

    @staticmethod
    def resolve_work_permit_applications(obj):
        return list(obj.work_permit_applications.all())

    @staticmethod
    def resolve_residence(obj):
        from inprocedere.participants.selectors import facts_for

        facts = facts_for(obj)
        return {
            "status": facts.current,
            "days_until_expiry": facts.days_until_expiry,
            "months_tolerated": facts.months_tolerated,
        }


class _ParticipantFields(In):
    birth_date: str | None = Field(
        None,
        max_length=10,
        description="1990, 1990-05, 1990-05-17 or 17.05.1990; not in the future.",
    )
    birth_place: str = _text(150)
    gender: Gender = Gender.NOT_STATED
    citizenships: list[str] = Field(default_factory=list, max_length=10)
    stateless: bool = False
    languages: list[str] = Field(default_factory=list, max_length=20)
    phone: str = _text(30)
    email: str = _text(254)
    street: str = _text(200)
    postcode: str = _text(10)
    municipality: str = _text(150)
    minor_children: int = Field(0, ge=0, le=30)
    household_note: str = _text(300)
    foreign_background: YesNoDeclined | None = None
    disability: YesNoDeclined | None = None
    minority: YesNoDeclined | None = None

    @field_validator("citizenships", "languages")
    @classmethod
    def _short_codes(cls, values):
        for value in values:
            if len(value) > 3 or "\x00" in value:
                raise ValueError("codes have at most 3 letters")
        return values


class ParticipantIn(_ParticipantFields):
    family_name: str = Field(min_length=1, max_length=150, pattern=NO_NUL)
    given_names: str = Field(min_length=1, max_length=150, pattern=NO_NUL)
    confirm_not_duplicate: bool = Field(
        False,
        description="Register although possible duplicates exist (otherwise: 409 with the "
        "candidates).",
    )


class ParticipantPatch(In):
    """Only the fields sent are changed; `version` is the one the client read."""

    version: int = Field(ge=1, le=2**31 - 1)
    family_name: str | None = Field(None, min_length=1, max_length=150, pattern=NO_NUL)
    given_names: str | None = Field(None, min_length=1, max_length=150, pattern=NO_NUL)
    birth_date: str | None = Field(None, max_length=10)
    birth_place: str | None = Field(None, max_length=150, pattern=NO_NUL)
    gender: Gender | None = None
    citizenships: list[str] | None = Field(None, max_length=10)
    stateless: bool | None = None
    languages: list[str] | None = Field(None, max_length=20)
    phone: str | None = Field(None, max_length=30, pattern=NO_NUL)
    email: str | None = Field(None, max_length=254, pattern=NO_NUL)
    street: str | None = Field(None, max_length=200, pattern=NO_NUL)
    postcode: str | None = Field(None, max_length=10, pattern=NO_NUL)
    municipality: str | None = Field(None, max_length=150, pattern=NO_NUL)
    minor_children: int | None = Field(None, ge=0, le=30)
    household_note: str | None = Field(None, max_length=300, pattern=NO_NUL)
    foreign_background: YesNoDeclined | None = None
    disability: YesNoDeclined | None = None
    minority: YesNoDeclined | None = None


class DuplicateOut(Schema):
    participant: ParticipantOut
    score: int
    reasons: list[str]


class DuplicatesFound(Schema):
    detail: str
    candidates: list[DuplicateOut]


class AliasIn(In):
    family_name: str = Field(..., min_length=1, max_length=150, pattern=NO_NUL)
    given_names: str = _text(150)
    source: str = _text(150, "Where the spelling is used, e.g. passport, Jobcenter.")


class ExternalIdIn(In):
    organisation: str = Field(
        ..., min_length=1, max_length=100, description="Slug of the organisation using it."
    )
    kind: ExternalIdentifier.Kind
    value: str = Field(..., min_length=1, max_length=100, pattern=NO_NUL)
