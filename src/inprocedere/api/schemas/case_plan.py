"""What a case's work plan holds, as JSON: needs assessments, goals, the follow-up six
months after the exit, the case team and handovers. Field names follow the models."""

import datetime as dt

from ninja import Field, Schema

from inprocedere.cases.models import Goal, StatusOnLeaving, Urgency

from .common import Choice, choice
from .directory import PositionRef
from .strict import In

MAX_ID = 2**63 - 1
NO_NUL = r"^[^\x00]*$"


def _text(max_length, default="", **kwargs):
    return Field(default, max_length=max_length, pattern=NO_NUL, **kwargs)


class LanguageLevel(Schema):
    language: str = Field(max_length=3, pattern=r"^[a-zA-Z]{2,3}$", description="ISO 639 code.")
    level: str = Field(
        max_length=6, pattern=r"^([ABCabc][12]|native)$", description="A1 to C2, or native."
    )


class Qualification(Schema):
    title: str = _text(200)
    country: str = _text(60)
    recognition: str = _text(60)


class NeedsAssessmentOut(Schema):
    id: int
    assessed_on: dt.date
    position: PositionRef | None
    languages: list[LanguageLevel]
    schooling_years: int | None
    school_certificate: str
    isced_level: int | None
    qualifications: list[Qualification]
    work_experience: str
    driving_licence: str
    childcare_needed: bool
    notes: str


class NeedsAssessmentIn(In):
    assessed_on: dt.date = Field(description="Not in the future.")
    languages: list[LanguageLevel] = Field(default_factory=list, max_length=20)
    schooling_years: int | None = Field(None, ge=0, le=30)
    school_certificate: str = _text(200)
    isced_level: int | None = Field(None, ge=0, le=8)
    qualifications: list[Qualification] = Field(default_factory=list, max_length=20)
    work_experience: str = _text(4000)
    driving_licence: str = _text(50)
    childcare_needed: bool = False
    notes: str = _text(4000)


class GoalOut(Schema):
    id: int
    text: str
    due_on: dt.date | None
    status: Choice
    version: int = Field(description="Send it back with a status change.")
    created_at: dt.datetime

    @staticmethod
    def resolve_status(obj):
        return choice(obj, "status")


class GoalIn(In):
    text: str = _text(500, default=..., min_length=1)
    due_on: dt.date | None = None


class GoalStatusIn(In):
    status: Goal.Status
    version: int = Field(
        ge=1, le=MAX_ID, description="The goal's version as read; a stale one answers 409."
    )


class CaseFollowUpIn(In):
    done_on: dt.date = Field(description="Not in the future, not before the exit.")
    status: StatusOnLeaving = Field(description="Where the person stands six months on.")
    situation_improved: bool | None = None


class TeamMemberIn(In):
    position_id: int = Field(
        ge=1, le=MAX_ID, description="An active position of another organisation."
    )


class HandoverIn(In):
    to_organisation: str = Field(max_length=100, pattern=r"^[-a-zA-Z0-9_]+$")
    to_position_id: int | None = Field(None, ge=1, le=MAX_ID)
    reason: str = _text(4000, default=..., min_length=1)
    goals: str = _text(4000)
    urgency: Urgency = Urgency.NORMAL
