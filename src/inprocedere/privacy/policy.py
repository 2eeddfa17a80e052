"""The access policy: the one place that answers "may X do this?" and "which records may X see?".

One import surface for views, API handlers and services (`policy.can`, `require`,
`visible`, `decide`, `disclosure`, ...), kept by meaning in modules of its own:

| module | what |
| --- | --- |
| `permissions` | the registered vocabulary of actions and the roles each needs |
| `actors` | who is asking: positions held today, their organisations and roles |
| `reach` | which participants, cases, referrals, consents an actor reaches (indexed sets) |
| `flows` | data flows that need a consent (`consent_covers`, `require_consent`) |
| `disclosures` | which categories a reader sees, on which basis; the access log of reads |
| `redaction` | blanking what a reader may not see on the instance shown |

Asking about a permission that is not registered is a programming error and raises,
instead of quietly answering "no".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, Model, OuterRef, QuerySet, Value

# The import surface: callers use `policy.<name>` for all of these.
from inprocedere.core.guarded import UnscopedQuery  # noqa: F401

from .actors import Actor, acting_organisation, actor_for  # noqa: F401
from .disclosures import (  # noqa: F401
    OWN_TEXT_OF_BOTH_SIDES,
    Disclosure,
    disclose_many,
    disclose_pseudonymised,
    disclose_rows,
    disclosure,
    disclosures,
    pseudonym,
    refused,
    refused_lookup,
    written,
)
from .flows import (  # noqa: F401
    SUGGESTED_CATEGORIES,
    ConsentMissing,
    consent_covers,
    require_consent,
)
from .permissions import (  # noqa: F401
    CASE_ROLES,
    SIGNED_IN,
    Permission,
    UnknownPermission,
    permission,
    register,
    registered,
)
from .reach import (  # noqa: F401
    LIVE_REFERRAL_STATES,
    OWN_ONLY,
    REFERRAL_PURPOSE,
    SHARING_PURPOSES,
    TEAM_PURPOSE,
    holding_organisations,
    holds_data,
    reach_ids,
    reaching_organisations,
    register_scope,
    scope_for,
    sharing_consents,
    standing_purposes,
)
from .reach import bases_annotations as reach_bases_annotations
from .reach import bases_of as reach_bases_of  # noqa: F401
from .redaction import redact, redact_all, refuse_saving_redacted  # noqa: F401


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
    scope = scope_for(type(obj)._meta.label_lower)
    if scope is None:
        return True
    return _cleared(scope(actor, type(obj)._default_manager.filter(pk=obj.pk), name)).exists()


@dataclass(frozen=True)
class Decision:
    allowed: bool
    basis: str = ""
    categories: frozenset = frozenset()


def decide(user, name: str, obj: Model) -> Decision:
    """POLICY.md's question in one call: may `user` do `name` to `obj`, on what basis,
    seeing which categories of the person it belongs to? Nothing is logged (the pages
    log through `disclosure`); `can` and `visible` apply the same rule."""
    if not can(user, name, obj):
        return Decision(False)
    participant_id = obj.pk if obj._meta.label_lower == "participants.participant" else None
    participant_id = participant_id or getattr(obj, "participant_id", None)
    if participant_id is None:
        return Decision(True, "role")
    found = disclosures(user, [participant_id])[participant_id]
    return Decision(True, found.basis, found.categories)


def require(user, name: str, obj: Model | None = None) -> None:
    if not can(user, name, obj):
        raise PermissionDenied(name)


def visible(user, queryset: QuerySet, name: str) -> QuerySet:
    """`queryset` narrowed to what `user` may see under `name` (the same rule as `can`)."""
    if not can(user, name):
        return _cleared(queryset.none())
    scope = scope_for(queryset.model._meta.label_lower)
    if scope is None:
        return _cleared(queryset)
    return _cleared(scope(actor_for(user), queryset, name))


def with_permissions(user, queryset: QuerySet, *, through: str = "", **flags: str) -> QuerySet:
    """`queryset` with one boolean per flag (`alias="permission"`): may `user` do it to
    each row (or to the record its foreign key `through` names)? The same rule as `can`,
    answered inside the rows' own query, so a page asks for the record and for what its
    buttons may offer in one question."""
    actor = actor_for(user)
    model, column = queryset.model, "pk"
    if through:
        model = model._meta.get_field(through).related_model
        column = f"{through}_id"
    scope = scope_for(model._meta.label_lower)
    annotations = {}
    for alias, name in flags.items():
        if not actor.roles & permission(name).roles:
            annotations[alias] = Value(False, output_field=BooleanField())
            continue
        if scope is None:
            annotations[alias] = Value(True, output_field=BooleanField())
            continue
        row = model._default_manager.filter(pk=OuterRef(column))
        rows = scope(actor, row, name)
        if rows.query.is_empty():
            annotations[alias] = Value(False, output_field=BooleanField())
        else:
            annotations[alias] = Exists(_cleared(rows).order_by().values("pk"))
    return queryset.annotate(**annotations)


def with_bases(user, queryset: QuerySet, column: str = "pk") -> QuerySet:
    """`queryset` with the actor's bases for each row's person (`column`) as annotations
    (`reach.bases_annotations`): `disclosure` of a record loaded this way asks the reach
    table nothing more."""
    return queryset.annotate(**reach_bases_annotations(actor_for(user), column))


def _cleared(queryset):
    """Mark a fail-closed query as decided by the policy (core/guarded.py)."""
    mark = getattr(queryset, "policy_cleared", None)
    return mark() if mark is not None else queryset
