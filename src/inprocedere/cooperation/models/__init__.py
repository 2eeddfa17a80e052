"""Cooperation: consultations, and appointments (case conferences with action items,
network meetings and trainings).

Positions are the addressees of everything here, never people: a consultation goes to a
position, an appointment invites positions, an action item belongs to a position. Staff
turnover changes who holds the position, nothing else.
"""

from .appointments import MEETING_KINDS, Appointment, Invitation
from .consultations import Consultation, ConsultationMessage
from .feeds import CalendarFeed
from .kinds import (
    ActionItem,
    CaseConference,
    Meeting,
    MeetingAttendance,
    MeetingMaterial,
    material_path,
)

__all__ = [
    "MEETING_KINDS",
    "ActionItem",
    "Appointment",
    "CalendarFeed",
    "CaseConference",
    "Consultation",
    "ConsultationMessage",
    "Invitation",
    "Meeting",
    "MeetingAttendance",
    "MeetingMaterial",
    "material_path",
]
