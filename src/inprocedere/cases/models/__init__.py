"""Case work at the receiving organisation: referrals, case files and what happens in them.

One module per part; every model is imported here, so Django finds them under the
app's label and `from inprocedere.<app>.models import X` keeps working."""

from .cases import Activity, Case, EmploymentStatus, Goal, NeedsAssessment
from .exits import Exit, FollowUp, StatusOnLeaving
from .measures import Enrollment, Measure, Placement
from .referrals import Referral, ReferralTransition, Urgency

__all__ = [
    "Activity",
    "Case",
    "EmploymentStatus",
    "Enrollment",
    "Exit",
    "FollowUp",
    "Goal",
    "Measure",
    "NeedsAssessment",
    "Placement",
    "Referral",
    "ReferralTransition",
    "StatusOnLeaving",
    "Urgency",
]
