"""Writes of cooperation: each checks the policy, validates everything before it writes,
and writes in one transaction together with its audit entry. Pages, the API and the demo
call these; a refused input writes nothing.

Case conferences, network meetings and trainings share one appointment core
(`appointments.py`); `conferences.py` and `meetings.py` add what only each has."""

from .appointments import (
    appointment_approve_minutes,
    appointment_cancel,
    appointment_invite,
    appointment_record_attendance,
    appointment_record_minutes,
    appointment_uninvite,
    appointment_update,
)
from .conferences import action_item_add, action_item_done, conference_create
from .consultations import (
    consultation_answer,
    consultation_ask,
    consultation_close,
    consultation_follow_up,
    consultation_withdraw,
)
from .errors import ConsentMissing
from .feeds import feed_create, feed_for_token, feed_revoke
from .meetings import (
    material_upload,
    meeting_attendance_add,
    meeting_attendance_remove,
    meeting_create,
)

__all__ = [
    "ConsentMissing",
    "action_item_add",
    "action_item_done",
    "appointment_approve_minutes",
    "appointment_cancel",
    "appointment_invite",
    "appointment_record_attendance",
    "appointment_record_minutes",
    "appointment_uninvite",
    "appointment_update",
    "conference_create",
    "consultation_answer",
    "consultation_ask",
    "consultation_close",
    "consultation_follow_up",
    "consultation_withdraw",
    "feed_create",
    "feed_for_token",
    "feed_revoke",
    "material_upload",
    "meeting_attendance_add",
    "meeting_attendance_remove",
    "meeting_create",
]
