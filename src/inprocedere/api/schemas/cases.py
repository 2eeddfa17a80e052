"""Referrals, cases, their records and the measures catalogue as JSON."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from inprocedere.cases.models import (
    Activity,
    EmploymentStatus,
    Exit,
    Measure,
    Placement,
    StatusOnLeaving,
    Urgency,
)
from inprocedere.cases.workflows import CaseStatus, EnrollmentState

from .common import Choice, choice
from .directory import OrganisationRef, PositionRef  # one class per name: one component
from .strict import In

TEXT = 4000
NO_NUL = r"^[^\x00]*$"


def _text(max_length=TEXT, default="", **kwargs):
    return Field(default, max_length=max_length, pattern=NO_NUL, **kwargs)


class ParticipantRef(Schema):
    id: int
    name: str = Field(description="Given names and family name.")

    @staticmethod
    def resolve_name(obj):
        return obj.full_name


# --- referrals ------------------------------------------------------------------------


class TransitionOut(Schema):
    from_state: str
    to_state: str
    at: dt.datetime
    position: PositionRef | None
    note: str


class ReferralOut(Schema):
    id: int
    kind: Choice
    participant: ParticipantRef
    from_position: PositionRef
    to_organisation: OrganisationRef
    to_position: PositionRef | None
    reason: str
    goals: str
    urgency: Choice
    state: Choice
    first_appointment: dt.datetime | None
    feedback: str = Field(description="The receiver's answer, e.g. the reason for declining.")
    case_id: int | None
    created_at: dt.datetime
    overdue: bool = Field(
        False, description="Still open and older than the configured number of days."
    )

    @staticmethod
    def resolve_kind(obj):
        return choice(obj, "kind")

    @staticmethod
    def resolve_urgency(obj):
        return choice(obj, "urgency")

    @staticmethod
    def resolve_state(obj):
        return choice(obj, "state")

    @staticmethod
    def resolve_overdue(obj):
        return bool(getattr(obj, "overdue", False))


class ReferralDetailOut(ReferralOut):
    transitions: list[TransitionOut]

    @staticmethod
    def resolve_transitions(obj):
        return list(obj.transitions.all())


class ReferralIn(In):
    participant_id: int = Field(..., ge=1, le=2**63 - 1)
    from_position_id: int = Field(..., ge=1, le=2**63 - 1, description="A position you hold.")
    to_organisation: str = Field(..., max_length=100, pattern=r"^[-a-zA-Z0-9_]+$")
    to_position_id: int | None = Field(None, ge=1, le=2**63 - 1)
    reason: str = _text(default=..., min_length=1)
    goals: str = _text()
    urgency: Urgency = Urgency.NORMAL


class AcceptIn(In):
    first_appointment: dt.datetime
    note: str = _text()


class DeclineIn(In):
    reason: str = _text(default=..., min_length=1, description="The referrer sees it.")


class ReferralWithdrawIn(In):
    reason: str = _text()


class IntakeIn(In):
    owner_position_id: int = Field(..., ge=1, le=2**63 - 1)
    esf_entry_date: dt.date | None = None
    employment_status_at_entry: EmploymentStatus | None = None
    isced_at_entry: int | None = Field(None, ge=0, le=8)
    homeless: bool = False
    rural: bool = False
    note: str = _text()


# --- cases ----------------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    participant: ParticipantRef
    owner_organisation: OrganisationRef
    owner_position: PositionRef
    status: Choice
    esf_entry_date: dt.date | None
    employment_status_at_entry: str
    isced_at_entry: int | None
    homeless: bool
    rural: bool
    handed_over_from_id: int | None
    opened_at: dt.datetime
    last_contact_on: dt.date | None
    version: int = Field(description="Send it back with PATCH; a stale one answers 409.")

    @staticmethod
    def resolve_status(obj):
        return choice(obj, "status")


class TimelineEntryOut(Schema):
    at: dt.datetime
    date: dt.date
    kind: str
    title: str
    text: str
    case_id: int | None
    hidden: bool = Field(description="A confidential note you may not read.")


class CaseDetailOut(CaseOut):
    team: list[PositionRef]
    timeline: list[TimelineEntryOut]

    @staticmethod
    def resolve_team(obj):
        return obj.team_positions


class CasePatch(In):
    version: int = Field(..., ge=1)
    owner_position_id: int | None = Field(None, ge=1, le=2**63 - 1)
    esf_entry_date: dt.date | None = None
    employment_status_at_entry: EmploymentStatus | None = None
    isced_at_entry: int | None = Field(None, ge=0, le=8)
    homeless: bool | None = None
    rural: bool | None = None
    status: CaseStatus | None = Field(None, description="A transition: active ⇄ paused, → closed.")


class ActivityOut(Schema):
    id: int
    kind: Choice
    date: dt.date
    duration_minutes: int
    topics: list[str]
    note: str
    confidential: bool
    position: PositionRef

    @staticmethod
    def resolve_kind(obj):
        return choice(obj, "kind")


class ActivityIn(In):
    kind: Activity.Kind
    date: dt.date
    duration_minutes: int = Field(..., ge=1, le=1440)
    topics: list[str] = Field(default_factory=list, max_length=20)
    note: str = _text(max_length=10000)
    confidential: bool = False


class MeasureOut(Schema):
    id: int
    title: str
    provider: OrganisationRef
    type: Choice
    funding_source: Choice
    starts_on: dt.date
    ends_on: dt.date
    places: int | None

    @staticmethod
    def resolve_type(obj):
        return choice(obj, "type")

    @staticmethod
    def resolve_funding_source(obj):
        return choice(obj, "funding_source")


class MeasureIn(In):
    title: str = _text(max_length=200, default=..., min_length=1)
    provider: str = Field(..., max_length=100, pattern=r"^[-a-zA-Z0-9_]+$")
    type: Measure.Type
    funding_source: Measure.Funding
    starts_on: dt.date
    ends_on: dt.date
    places: int | None = Field(None, ge=1, le=10000)


class EnrollmentOut(Schema):
    id: int
    measure: MeasureOut
    state: Choice
    started_on: dt.date | None
    ended_on: dt.date | None
    certificate: str
    qualification_gained: bool
    note: str

    @staticmethod
    def resolve_state(obj):
        return choice(obj, "state")


class EnrollmentIn(In):
    measure_id: int = Field(..., ge=1, le=2**63 - 1)
    note: str = _text(max_length=500)


class EnrollmentTransitionIn(In):
    state: EnrollmentState
    on: dt.date
    certificate: str = _text(max_length=200)
    qualification_gained: bool = False
    note: str = _text(max_length=500)


class PlacementOut(Schema):
    id: int
    type: Choice
    employer: str
    starts_on: dt.date
    ends_on: dt.date | None
    weekly_hours: Decimal | None
    secures_livelihood: bool

    @staticmethod
    def resolve_type(obj):
        return choice(obj, "type")


class PlacementIn(In):
    type: Placement.Type
    employer: str = _text(max_length=200, default=..., min_length=1)
    starts_on: dt.date
    ends_on: dt.date | None = None
    weekly_hours: Decimal | None = Field(None, gt=0, le=60, max_digits=4, decimal_places=1)
    secures_livelihood: bool = False


class FollowUpOut(Schema):
    due_on: dt.date
    done_on: dt.date | None
    status: str
    situation_improved: bool | None


class ExitOut(Schema):
    exit_date: dt.date
    reason: Choice
    status_upon_leaving: Choice
    qualification_gained: bool
    follow_up: FollowUpOut | None

    @staticmethod
    def resolve_reason(obj):
        return choice(obj, "reason")

    @staticmethod
    def resolve_status_upon_leaving(obj):
        return choice(obj, "status_upon_leaving")

    @staticmethod
    def resolve_follow_up(obj):
        return getattr(obj.case, "follow_up", None)


class ExitIn(In):
    exit_date: dt.date
    reason: Exit.Reason
    status_upon_leaving: StatusOnLeaving
    qualification_gained: bool = False
