"""Who is asking: a user, the positions they hold today and the roles these grant."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from .permissions import CASE_ROLES, SIGNED_IN
from .roles import Role


@dataclass
class Actor:
    """Who is asking: the user, the positions they hold today, and the roles these grant."""

    user: object
    positions: list = field(default_factory=list)
    roles: frozenset[str] = frozenset()
    write_bases: dict = field(default_factory=dict)  # participant id -> basis (see `written`)

    @property
    def organisations(self):
        return {position.organisation for position in self.positions}

    @property
    def organisation_ids(self) -> list[int]:
        return sorted({position.organisation_id for position in self.positions})

    @property
    def position_ids(self) -> list[int]:
        return [position.pk for position in self.positions]

    @property
    def case_positions(self) -> list:
        """The positions that carry a role of case work."""
        return [position for position in self.positions if set(position.roles) & CASE_ROLES]

    def holds(self, position) -> bool:
        return position.pk in self.position_ids

    def position_in(self, organisation_id):
        """The actor's first position in an organisation, or None."""
        return next((p for p in self.positions if p.organisation_id == organisation_id), None)


def actor_for(user) -> Actor:
    """The actor for a user, computed once per request and kept on the user object."""
    cached = getattr(user, "_inprocedere_actor", None)
    if cached is not None:
        return cached
    if user is None or not user.is_authenticated or not user.is_active:
        return Actor(user=user)
    from inprocedere.network.models import Position, Tenure

    today = timezone.localdate()
    positions = list(
        Position.objects.filter(
            is_active=True,
            tenures__in=Tenure.objects.current(today).filter(person__user=user),
        )
        .select_related("organisation")
        .distinct()
    )
    roles = {role for position in positions for role in position.roles}
    roles.add(SIGNED_IN)
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    actor = Actor(user=user, positions=positions, roles=frozenset(roles))
    user._inprocedere_actor = actor
    return actor


def acting_organisation(user):
    """The organisation a user acts for in the logs (the first of their positions)."""
    actor = actor_for(user)
    return actor.positions[0].organisation if actor.positions else None
