"""Who imports: the positions a person imports through, and the command line's actor."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from inprocedere.privacy import policy
from inprocedere.privacy.policy import SIGNED_IN

from .permissions import IMPORT_ROLES

SYSTEM_USERNAME = "inprocedere-import"


def import_positions(actor, organisation) -> list:
    """The actor's positions in `organisation` that may import (team lead, case worker)."""
    return [
        position
        for position in policy.actor_for(actor).positions
        if position.organisation_id == organisation.pk and set(position.roles) & IMPORT_ROLES
    ]


def importing_organisations(actor) -> list:
    """The organisations the actor may import participant sheets for."""
    if not policy.can(actor, "import.participants"):
        return []
    organisations = {
        position.organisation_id: position.organisation
        for position in policy.actor_for(actor).positions
        if set(position.roles) & IMPORT_ROLES
    }
    return sorted(organisations.values(), key=lambda organisation: organisation.name)


def position_for(actor, organisation):
    """The position `actor` imports for `organisation` through; PermissionDenied if none."""
    policy.require(actor, "import.participants")
    positions = import_positions(actor, organisation)
    if not positions:
        raise PermissionDenied("no importing position in the organisation")
    return positions[0]


def system_actor(organisation):
    """The command line's actor: an account that cannot sign in, acting through the
    organisation's positions of case work, so the services' checks and audit apply."""
    from inprocedere.network.models import Position

    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    positions = [
        position
        for position in Position.objects.filter(organisation=organisation, is_active=True)
        .select_related("organisation")
        .order_by("pk")
        if set(position.roles) & IMPORT_ROLES
    ]
    if not positions:
        raise PermissionDenied("no position of case work in the organisation")
    roles = {role for position in positions for role in position.roles} | {SIGNED_IN}
    user._inprocedere_actor = policy.Actor(user=user, positions=positions, roles=frozenset(roles))
    return user


def run_actor(run):
    """Who a background job of `run` acts as: its uploader, else the system actor."""
    return run.created_by if run.created_by else system_actor(run.organisation)
