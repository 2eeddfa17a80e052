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

CASE_ROLES = {Role.CASE_WORKER, Role.TEAM_LEAD, Role.AUTHORITY_OFFICER, Role.JOBCENTRE_OFFICER}
register("participant.register", CASE_ROLES, "Register a participant")
register("participant.read", CASE_ROLES, "Read a participant the actor works with")
register("participant.edit", CASE_ROLES, "Edit a participant the actor works with")
register("referral.read", CASE_ROLES, "Read referrals one's organisation sent or received")
register("referral.create", CASE_ROLES, "Refer a participant to another organisation")
register("referral.respond", CASE_ROLES, "Accept or decline a referral to one's organisation")
register("referral.withdraw", CASE_ROLES, "Withdraw a referral one's organisation sent")
register("case.read", CASE_ROLES, "Read a case of one's organisation or case team")
register("case.write", CASE_ROLES, "Record case work in a case of one's organisation or team")
register(
    "case.manage",
    CASE_ROLES,
    "Manage a case of one's own organisation: details, status, team, handover, exit",
)
register("case.notes.read", CASE_ROLES, "Read confidential notes of a case of one's organisation")
register("measure.read", CASE_ROLES, "Read the measures catalogue")
register("measure.manage", CASE_ROLES, "Maintain the measures catalogue of one's organisation")
register("consent.read", CASE_ROLES, "Read the consents of a participant the actor works with")
register("consent.record", CASE_ROLES, "Record a consent of a participant the actor works with")
register("consent.withdraw", CASE_ROLES, "Record the withdrawal of a consent")
register(
    "report.esf",
    {Role.COORDINATOR, Role.MINISTRY_READER, Role.TEAM_LEAD},
    "Read the ESF+ indicator report (the ministry: small counts suppressed)",
)
register(
    "report.esf.participants",
    CASE_ROLES,
    "Open an ESF figure to the participants behind it whose case one's organisation owns",
)


@dataclass
class Actor:
    """Who is asking: the user, the positions they hold today, and the roles these grant."""

    user: object
    positions: list = field(default_factory=list)
    roles: frozenset[str] = frozenset()

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


def can(user, name: str, obj: Model | None = None) -> bool:
    """May `user` do `name` (to `obj`)?

    Role first; for a record, the record must also lie within the actor's reach (the
    same rule `visible` applies to lists), so a detail page and its list always agree.
    """
    needed = permission(name)
    actor = actor_for(user)
    if not actor.roles & needed.roles:
        return False
    if obj is None:
        return True
    scope = _SCOPES.get(type(obj)._meta.label_lower)
    if scope is None:
        return True
    return scope(actor, type(obj)._default_manager.filter(pk=obj.pk), name).exists()


def require(user, name: str, obj: Model | None = None) -> None:
    if not can(user, name, obj):
        raise PermissionDenied(name)


def visible(user, queryset: QuerySet, name: str) -> QuerySet:
    """`queryset` narrowed to what `user` may see under `name` (the same rule as `can`)."""
    if not can(user, name):
        return queryset.none()
    scope = _SCOPES.get(queryset.model._meta.label_lower)
    if scope is None:
        return queryset
    return scope(actor_for(user), queryset, name)


# --- reach: which records of case work an actor's positions touch --------------------
# Bases (POLICY.md) so far: own organisation's case or the case team ("own_case"), the
# sending or receiving side of a referral ("referral"), and the organisation that
# registered the person. Consent-based access is added by the consent work.


def _participant_scope(actor: Actor, queryset, name):
    from django.db.models import Q

    orgs, positions = actor.organisation_ids, actor.position_ids
    reach = (
        Q(registered_by_id__in=orgs)
        | Q(cases__owner_organisation_id__in=orgs)
        | Q(cases__team__in=positions)
        | Q(referrals__to_organisation_id__in=orgs)
        | Q(referrals__from_position__organisation_id__in=orgs)
    )
    ids = queryset.model._default_manager.filter(reach).values("pk")
    return queryset.filter(pk__in=ids)


def _case_scope(actor: Actor, queryset, name):
    from django.db.models import Q

    orgs, positions = actor.organisation_ids, actor.position_ids
    if name in ("case.manage", "case.notes.read"):
        # Managing a case and its confidential notes stay with the owning organisation.
        reach = Q(owner_organisation_id__in=orgs)
    else:
        reach = Q(owner_organisation_id__in=orgs) | Q(team__in=positions)
    if name == "case.read":
        # A handover keeps the history visible to the new owner (read only).
        reach |= Q(handed_over_to__owner_organisation_id__in=orgs)
    ids = queryset.model._default_manager.filter(reach).values("pk")
    return queryset.filter(pk__in=ids)


def _referral_scope(actor: Actor, queryset, name):
    from django.db.models import Q

    orgs = actor.organisation_ids
    if name == "referral.respond":  # only the receiving side answers a referral
        return queryset.filter(to_organisation_id__in=orgs)
    if name == "referral.withdraw":  # only the sending side withdraws it
        return queryset.filter(from_position__organisation_id__in=orgs)
    return queryset.filter(
        Q(to_organisation_id__in=orgs) | Q(from_position__organisation_id__in=orgs)
    )


def _consent_scope(actor: Actor, queryset, name):
    # The consents of the participants within the actor's reach (read, record, withdraw).
    from inprocedere.participants.models import Participant

    participants = _participant_scope(actor, Participant._default_manager.all(), name)
    return queryset.filter(participant_id__in=participants.values("pk"))


def reaching_organisations(user, participant) -> list:
    """The actor's organisations (of positions with a case role) that each have
    `participant` within reach: who may speak for a consent recorded about them."""
    actor = actor_for(user)
    reaching = []
    for organisation in sorted(actor.organisations, key=lambda org: org.pk):
        positions = [p for p in actor.case_positions if p.organisation_id == organisation.pk]
        if not positions:
            continue
        narrowed = Actor(user=actor.user, positions=positions, roles=actor.roles)
        queryset = type(participant)._default_manager.filter(pk=participant.pk)
        if _participant_scope(narrowed, queryset, "participant.read").exists():
            reaching.append(organisation)
    return reaching


_SCOPES = {
    "participants.participant": _participant_scope,
    "privacy.consent": _consent_scope,
    "cases.case": _case_scope,
    "cases.referral": _referral_scope,
}
