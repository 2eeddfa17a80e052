"""Writes of cooperation: each checks the policy, validates everything before it writes,
and writes in one transaction together with its audit entry. Pages, the API and the demo
call these; a refused input writes nothing."""

from .conferences import (
    action_item_add,
    action_item_done,
    conference_approve_minutes,
    conference_cancel,
    conference_create,
    conference_invite,
    conference_record_attendance,
    conference_record_minutes,
    conference_uninvite,
    conference_update,
)
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
    meeting_approve_minutes,
    meeting_attendance_add,
    meeting_attendance_remove,
    meeting_cancel,
    meeting_create,
    meeting_invite,
    meeting_record_minutes,
    meeting_uninvite,
    meeting_update,
)

__all__ = [
    "ConsentMissing",
    "action_item_add",
    "action_item_done",
    "conference_approve_minutes",
    "conference_cancel",
    "conference_create",
    "conference_invite",
    "conference_record_attendance",
    "conference_record_minutes",
    "conference_uninvite",
    "conference_update",
    "consultation_answer",
    "consultation_ask",
    "consultation_close",
    "consultation_follow_up",
    "consultation_withdraw",
    "feed_create",
    "feed_for_token",
    "feed_revoke",
    "material_upload",
    "meeting_approve_minutes",
    "meeting_attendance_add",
    "meeting_attendance_remove",
    "meeting_cancel",
    "meeting_create",
    "meeting_invite",
    "meeting_record_minutes",
    "meeting_uninvite",
    "meeting_update",
]
