"""The reporting permissions beyond the ESF report's (registered with the access policy).

- `report.figures`: the network figures. The coordinating office, team leads and the
  ministry see the whole network (the ministry with small counts suppressed); the other
  case roles see the figures of their own organisation, exact.
- `report.figures.participants`: open a figure to the participants behind it, only those
  whose case in the scope the user's own organisation owns (as for the ESF report).
- `report.cooperation`: the cooperation monitor (the ministry: small counts suppressed).
"""

from inprocedere.privacy import policy
from inprocedere.privacy.policy import CASE_ROLES
from inprocedere.privacy.roles import Role

NETWORK_READERS = {Role.COORDINATOR, Role.MINISTRY_READER, Role.TEAM_LEAD}
EXACT_READERS = {Role.COORDINATOR, Role.TEAM_LEAD} | CASE_ROLES

policy.register(
    "report.figures",
    NETWORK_READERS | CASE_ROLES,
    "Read the network figures (case roles: their own organisation's; the ministry: suppressed)",
)
policy.register(
    "report.figures.participants",
    CASE_ROLES,
    "Open a network figure to the participants behind it whose case one's organisation owns",
)
policy.register(
    "report.cooperation",
    NETWORK_READERS,
    "Read the cooperation monitor (the ministry: small counts suppressed)",
)


def sees_whole_network(user) -> bool:
    return bool(policy.actor_for(user).roles & NETWORK_READERS)


def sees_exact(user) -> bool:
    """Exact figures for the office, team leads and case roles; the ministry gets aggregates."""
    return bool(policy.actor_for(user).roles & EXACT_READERS)
