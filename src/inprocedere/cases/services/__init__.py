"""Writes of case work. Each service checks the policy, validates, writes in one
transaction together with its audit entry. Views, the API, imports and tasks call these."""

from .cases import (
    case_set_status,
    case_team_add,
    case_team_remove,
    case_update,
    handover_create,
)
from .measures import enrollment_add, enrollment_transition, measure_create
from .records import (
    activity_add,
    exit_record,
    follow_up_record,
    goal_add,
    goal_set_status,
    needs_assessment_add,
    placement_add,
)
from .referrals import (
    referral_accept,
    referral_create,
    referral_decline,
    referral_intake_done,
    referral_withdraw,
)

__all__ = [
    "activity_add",
    "case_set_status",
    "case_team_add",
    "case_team_remove",
    "case_update",
    "enrollment_add",
    "enrollment_transition",
    "exit_record",
    "follow_up_record",
    "goal_add",
    "goal_set_status",
    "handover_create",
    "measure_create",
    "needs_assessment_add",
    "placement_add",
    "referral_accept",
    "referral_create",
    "referral_decline",
    "referral_intake_done",
    "referral_withdraw",
]
