"""The access policy: the one place that answers "may X do this?" and "which records may X see?".

Permissions are a registered vocabulary: asking about a name that is not registered is
a programming error and raises, instead of quietly answering "no". Later work (cases,
consent) adds permissions and bases here; views, API handlers and services only ever
call `can`, `require` and `visible`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.utils import timezone

from .roles import Role

SIGNED_IN = "signed_in"  # pseudo-role: any authenticated account


class UnknownPermission(LookupError):
    pass


@dataclass(frozen=True)
class Permission:
    name: str
    roles: frozenset[str]
    description: str = ""


_REGISTRY: dict[str, Permission] = {}


def register(name: str, roles, description: str = "") -> Permission:
    permission = Permission(name, frozenset(roles), description)
    _REGISTRY[name] = permission
    return permission


def permission(name: str) -> Permission:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownPermission(name) from None


def registered() -> dict[str, Permission]:
    return dict(_REGISTRY)


register("directory.read", {SIGNED_IN}, "Read the network directory")
register("directory.edit", {Role.COORDINATOR, Role.ADMINISTRATOR}, "Edit the network directory")
register("account.tokens", {SIGNED_IN}, "Manage one's own API tokens")
register("audit.read", {Role.ADMINISTRATOR, Role.DPO}, "Read the audit log")


@dataclass
class Actor:
    """Who is asking: the user, the positions they hold today, and the roles these grant."""

    user: object
    positions: list = field(default_factory=list)
    roles: frozenset[str] = frozenset()

    @property
    def organisations(self):
        return {position.organisation for position in self.positions}


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


def can(user, name: str, obj: Model | None = None) -> bool:
    """May `user` do `name` (to `obj`)?"""
    needed = permission(name)
    actor = actor_for(user)
    return bool(actor.roles & needed.roles)


def require(user, name: str, obj: Model | None = None) -> None:
    if not can(user, name, obj):
        raise PermissionDenied(name)


def visible(user, queryset: QuerySet, name: str) -> QuerySet:
    """`queryset` narrowed to what `user` may see under `name` (the same rule as `can`)."""
    if not can(user, name):
        return queryset.none()
    return queryset
