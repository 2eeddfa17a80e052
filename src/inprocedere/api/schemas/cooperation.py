"""Consultations, case conferences with action items, network meetings and trainings.

The participant of a consultation or conference appears as `person`: the name where the
caller may see it, else a stable pseudonym (every read is logged)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from .common import Choice
from .strict import In

TEXT = r"^[^\x00]*$"
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class PositionSlugRef(Schema):
    id: int
    title: str
    organisation: str = Field(description="Slug of the position's organisation.")


class ConsultationIn(In):
    case_id: int = Field(ge=1, le=2**63 - 1)
    from_position_id: int = Field(ge=1, le=2**63 - 1, description="A position the caller holds.")
    to_position_id: int = Field(
        ge=1, le=2**63 - 1, description="A position of another organisation."
    )
    topic: str = Field(
        max_length=30, description="residence_law, benefits_funding, qualification, other."
    )
    subject: str = Field(max_length=200, pattern=TEXT)
    question: str = Field(max_length=4000, pattern=TEXT)
    due_on: dt.date = Field(description="Not in the past.")


class AnswerIn(In):
    answer: str = Field(max_length=4000, pattern=TEXT)


class FollowUpIn(In):
    question: str = Field(max_length=4000, pattern=TEXT)
    due_on: dt.date | None = None


class NoteIn(In):
    note: str = Field("", max_length=4000, pattern=TEXT)


class MessageOut(Schema):
    kind: Choice
    position: PositionSlugRef
    text: str
    created_at: dt.datetime


class ConsultationOut(Schema):
    id: int
    case_id: int
    person: str
    from_position: PositionSlugRef
    to_position: PositionSlugRef
    topic: Choice
    subject: str
    due_on: dt.date
    state: Choice
    overdue: bool
    created_at: dt.datetime
    answered_at: dt.datetime | None
    messages: list[MessageOut] | None = Field(None, description="The thread (single reads only).")


class ScheduleIn(In):
    title: str = Field(max_length=200, pattern=TEXT)
    starts_at: dt.datetime = Field(description="Not in the past.")
    ends_at: dt.datetime
    place: str = Field("", max_length=300, pattern=TEXT)
    video_url: str = Field("", max_length=200)
    agenda: str = Field("", max_length=8000, pattern=TEXT)


class ConferenceIn(ScheduleIn):
    case_id: int = Field(ge=1, le=2**63 - 1)
    chair_position_id: int = Field(ge=1, le=2**63 - 1, description="A position the caller holds.")
    position_ids: list[Id] = Field(
        max_length=30,
        description="Positions to invite; organisations other than the case's owner need the "
        "person's consent for case conferences.",
    )


class ScheduleUpdate(ScheduleIn):
    version: int = Field(ge=1, le=2**31, description="The version the change starts from.")


class InviteIn(In):
    position_ids: list[Id] = Field(max_length=200)


class MinutesIn(In):
    version: int = Field(ge=1, le=2**31)
    minutes: str = Field(max_length=20000, pattern=TEXT)
    decisions: str = Field("", max_length=8000, pattern=TEXT)


class AttendanceIn(In):
    attendance: dict[Id, str] = Field(
        max_length=200, description="{invitation id: unknown | present | excused | absent}"
    )


class ActionItemIn(In):
    title: str = Field(max_length=300, pattern=TEXT)
    owner_position_id: int = Field(ge=1, le=2**63 - 1)
    due_on: dt.date = Field(description="Not in the past.")


class DoneIn(In):
    done_on: dt.date | None = Field(None, description="Default today; not in the future.")
    note: str = Field("", max_length=4000, pattern=TEXT)


class InvitationOut(Schema):
    id: int
    position: PositionSlugRef
    attendance: Choice
    consent_id: int | None


class ActionItemOut(Schema):
    id: int
    conference_id: int
    title: str | None = Field(description="Null where the consent does not cover it.")
    owner_position: PositionSlugRef
    due_on: dt.date
    done_on: dt.date | None
    overdue: bool


class EventOut(Schema):
    id: int
    uid: str
    sequence: int
    version: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    video_url: str
    chair_position: PositionSlugRef
    state: Choice
    minutes_state: Choice


class ConferenceOut(EventOut):
    case_id: int
    person: str
    agenda: str | None = Field(description="Null where the consent does not cover it.")
    minutes: str | None = None
    decisions: str | None = None
    invitations: list[InvitationOut]
    action_items: list[ActionItemOut] | None = None


class MeetingIn(ScheduleIn):
    chair_position_id: int = Field(ge=1, le=2**63 - 1)
    kind: str = Field(max_length=20, description="meeting or training.")
    level: str = Field(max_length=20, description="local (with region) or network.")
    region: str | None = Field(None, max_length=100, description="Slug of the region.")
    topic: str = Field(max_length=200, pattern=TEXT)
    expertise_organisation: str | None = Field(
        None, max_length=100, description="Slug: for a training, whose expertise it draws on."
    )
    position_ids: list[Id] = Field(default_factory=list, max_length=200)


class MeetingUpdate(ScheduleUpdate):
    level: str = Field(max_length=20)
    region: str | None = Field(None, max_length=100)
    topic: str = Field(max_length=200, pattern=TEXT)
    expertise_organisation: str | None = Field(None, max_length=100)


class MeetingAttendanceIn(In):
    person_id: int = Field(ge=1, le=2**63 - 1)
    organisation: str | None = Field(
        None, max_length=100, description="Slug; default: where the person works."
    )


class AttendeeOut(Schema):
    person_id: int
    name: str
    organisation: str


class MeetingOut(EventOut):
    kind: Choice
    level: Choice
    region: str | None
    topic: str
    expertise_organisation: str | None
    agenda: str
    minutes: str
    decisions: str
    invited: list[PositionSlugRef]
    attendance: list[AttendeeOut] | None = None
