"""Staff turnover permissions (registered with the access policy).

The coordinator (and the administrator) handle every position; a team lead the positions
of their own organisation: end a holder's tenure, name the successor, keep the handover
note, and see the vacancies and the work waiting on them.
"""

from inprocedere.privacy import policy
from inprocedere.privacy.roles import Role

NETWORK_WIDE = {Role.COORDINATOR, Role.ADMINISTRATOR}

policy.register(
    "position.turnover",
    NETWORK_WIDE | {Role.TEAM_LEAD},
    "End a holder's tenure, name the successor, keep the handover note "
    "(team lead: own organisation)",
)
policy.register(
    "vacancy.read",
    NETWORK_WIDE | {Role.TEAM_LEAD},
    "See vacant positions and the work waiting on them (team lead: own organisation)",
)


def reaches(user, position) -> bool:
    """May `user` handle the turnover of `position`: network-wide roles everywhere, a team
    lead in their own organisation (where they hold a team-lead position)."""
    if not policy.can(user, "position.turnover"):
        return False
    actor = policy.actor_for(user)
    if actor.roles & NETWORK_WIDE:
        return True
    return any(
        Role.TEAM_LEAD in p.roles and p.organisation_id == position.organisation_id
        for p in actor.positions
    )


def turnover_organisation_ids(user):
    """None for every organisation, else the ids a team lead handles."""
    actor = policy.actor_for(user)
    if actor.roles & NETWORK_WIDE:
        return None
    return sorted({p.organisation_id for p in actor.positions if Role.TEAM_LEAD in p.roles})
