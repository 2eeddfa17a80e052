"""The access policy: the one place that answers "may X do this?" and "which records may X see?".

Permissions are a registered vocabulary: asking about a name that is not registered is
a programming error and raises, instead of quietly answering "no". Later work (cases,
consent) adds permissions and bases here; views, API handlers and services only ever
call `can`, `require` and `visible`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core.guarded import UnscopedQuery  # noqa: F401  (re-exported for callers)

from .categories import ALL_CATEGORIES
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
    "case.overview",
    {Role.COORDINATOR},
    "See the network's cases pseudonymised: stage and organisation, never the person",
)
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
    scope = _SCOPES.get(queryset.model._meta.label_lower)
    if scope is None:
        return _cleared(queryset)
    return _cleared(scope(actor_for(user), queryset, name))


def _cleared(queryset):
    """Mark a fail-closed query as decided by the policy (core/guarded.py)."""
    mark = getattr(queryset, "policy_cleared", None)
    return mark() if mark is not None else queryset


# --- reach: which records of case work an actor's positions touch --------------------
# Bases (POLICY.md): the actor's own organisation holds the person's data ("own": it
# registered the person or owns one of their cases), or another organisation works
# with them (case team, sending or receiving side of a referral) AND a valid consent
# names that organisation as recipient for a purpose of shared case work ("consent").
# Withdrawal or expiry ends the second basis on the next query: nothing is cached.

SHARING_PURPOSES = ("referral", "case_conference", "placement", "counselling")


def _own_q(orgs):
    return Q(registered_by_id__in=orgs) | Q(cases__owner_organisation_id__in=orgs)


# A referral is a basis of reach while it stands: sent (the receiver must be able to
# decide), accepted, or done. Declined by the receiver or withdrawn by the sender, it
# ends the reach it gave, unless another basis stands (issue 16, docs/consent.md).
LIVE_REFERRAL_STATES = ("sent", "accepted", "intake_done")


def _shared_q(orgs, positions):
    # One Q per referral condition pair: Django applies both to the same referral row.
    return (
        Q(cases__team__in=positions)
        | Q(referrals__to_organisation_id__in=orgs, referrals__state__in=LIVE_REFERRAL_STATES)
        | Q(
            referrals__from_position__organisation_id__in=orgs,
            referrals__state__in=LIVE_REFERRAL_STATES,
        )
    )


def sharing_consents(organisation_ids, on=None):
    """Consents valid on `on` (default today) that name one of the organisations as
    recipient for a purpose of shared case work (not the ESF monitoring consent)."""
    from .models import Consent

    purposes = Q()
    for purpose in SHARING_PURPOSES:
        purposes |= Q(purposes__icontains=f'"{purpose}"')
    return Consent.unrestricted.valid_on(on).filter(purposes, recipients__in=organisation_ids)


def holds_data(organisation_id, participant) -> bool:
    """Does the organisation hold the person's data itself (registered them, or owns one
    of their cases), so that no consent is needed for it to see them?"""
    from inprocedere.participants.models import Participant

    return Participant.unrestricted.filter(_own_q([organisation_id]), pk=participant.pk).exists()


def holding_organisations(participant, organisation_ids) -> set[int]:
    """Which of these organisations hold the person's data themselves (one query)."""
    from inprocedere.cases.models import Case

    ids = {int(pk) for pk in organisation_ids}
    if not ids:
        return set()
    held = set(
        Case.unrestricted.filter(participant_id=participant.pk, owner_organisation_id__in=ids)
        .values_list("owner_organisation_id", flat=True)
        .distinct()
    )
    if participant.registered_by_id in ids:
        held.add(participant.registered_by_id)
    return held


def _consented_participant_ids(orgs):
    return sharing_consents(orgs).values("participant_id")


# What only an organisation that holds the person's data itself may do: change the
# record, and record or withdraw the person's consents (a recipient recording a consent
# would widen its own reach; docs/consent.md).
OWN_ONLY = frozenset({"participant.edit", "consent.record", "consent.withdraw"})


def _participant_scope(actor: Actor, queryset, name):
    orgs, positions = actor.organisation_ids, actor.position_ids
    reach = _own_q(orgs)
    if name not in OWN_ONLY:
        # Another organisation reads (never edits) the person under a valid consent.
        reach |= _shared_q(orgs, positions) & Q(pk__in=_consented_participant_ids(orgs))
    ids = queryset.model.unrestricted.filter(reach).values("pk")
    return queryset.filter(pk__in=ids)


def _case_scope(actor: Actor, queryset, name):
    if name == "case.overview":
        # Pseudonymised: every case, but the page never loads the person (cases views).
        return queryset
    orgs, positions = actor.organisation_ids, actor.position_ids
    reach = Q(owner_organisation_id__in=orgs)
    if name not in ("case.manage", "case.notes.read"):
        # Managing a case and its confidential notes stay with the owning organisation;
        # a team member of another organisation works in it only under a valid consent.
        reach |= Q(team__in=positions) & Q(participant_id__in=_consented_participant_ids(orgs))
    if name == "case.read":
        # A handover keeps the history visible to the new owner (read only).
        reach |= Q(handed_over_to__owner_organisation_id__in=orgs)
    ids = queryset.model.unrestricted.filter(reach).values("pk")
    return queryset.filter(pk__in=ids)


def _referral_scope(actor: Actor, queryset, name):
    from inprocedere.participants.models import Participant

    orgs = actor.organisation_ids
    # The receiving side sees a referral while the person lies within its reach (it holds
    # their data itself, or a valid consent covers a basis that stands: a declined or
    # withdrawn referral is no longer one); the sending side always sees what it sent.
    reach = _participant_scope(actor, Participant.unrestricted.all(), "participant.read")
    received = Q(to_organisation_id__in=orgs) & Q(participant_id__in=reach.values("pk"))
    if name == "referral.respond":
        # Answering is for the receiver that holds the data or a valid consent; whether
        # the referral can still be answered is the state machine's clear "not possible".
        own = Participant.unrestricted.filter(_own_q(orgs)).values("pk")
        consented = sharing_consents(orgs).values("participant_id")
        return queryset.filter(
            Q(to_organisation_id__in=orgs)
            & (Q(participant_id__in=own) | Q(participant_id__in=consented))
        )
    if name == "referral.withdraw":
        return queryset.filter(from_position__organisation_id__in=orgs)
    return queryset.filter(received | Q(from_position__organisation_id__in=orgs))


def _consent_scope(actor: Actor, queryset, name):
    """An organisation that holds the person's data sees, records and withdraws all their
    consents; a recipient reading under consent sees only the consents that name it, and
    records or withdraws none (docs/consent.md)."""
    from inprocedere.participants.models import Participant

    orgs = actor.organisation_ids
    own = Participant.unrestricted.filter(_own_q(orgs)).values("pk")
    if name in OWN_ONLY:
        return queryset.filter(participant_id__in=own)
    reach = _participant_scope(actor, Participant.unrestricted.all(), name).values("pk")
    naming = queryset.model.unrestricted.filter(recipients__in=orgs).values("pk")
    return queryset.filter(
        Q(participant_id__in=own) | (Q(participant_id__in=reach) & Q(pk__in=naming))
    )


# --- consent and disclosure ----------------------------------------------------------


def consent_covers(participant, organisation, purpose, categories=(), on=None):
    """The newest consent valid on `on` (default today) that lets `organisation` receive
    `categories` of `participant`'s data for `purpose`, or None."""
    from .models import Consent

    wanted = set(categories)
    consents = (
        Consent.unrestricted.valid_on(on)
        .for_purpose(purpose)
        .filter(participant_id=participant.pk, recipients=organisation)
        .order_by("-signed_on", "-pk")
    )
    return next((c for c in consents if wanted <= set(c.categories)), None)


class ConsentMissing(ValidationError):
    """Data of a person were about to flow to an organisation that no valid consent names.

    Carries what the page needs to offer the right form: the organisation, the purpose
    and the address of the pre-filled consent form.
    """

    def __init__(self, participant, organisation, purpose, categories=()):
        from django.urls import reverse
        from django.utils.http import urlencode

        from .models import Purpose

        self.organisation, self.purpose = organisation, purpose
        query = {
            "recipients": organisation.slug,
            "purposes": purpose,
            "categories": list(categories or SUGGESTED_CATEGORIES),
        }
        self.form_url = (
            reverse("privacy:consent_form", kwargs={"pk": participant.pk})
            + "?"
            + urlencode(query, doseq=True)
        )
        # Where the signed consent is recorded, with the same choices filled in.
        self.record_url = (
            reverse("privacy:consent_create", kwargs={"pk": participant.pk})
            + "?"
            + urlencode(query, doseq=True)
        )
        message = _(
            "No valid consent of the person allows passing their data to %(organisation)s "
            "for the purpose “%(purpose)s”. Please record the signed consent first."
        ) % {"organisation": organisation, "purpose": Purpose(purpose).label}
        super().__init__(message, code="consent_missing")


# What shared case work usually needs; offered on the form when a consent is missing.
SUGGESTED_CATEGORIES = ("identity", "contact", "residence", "education_work")


def require_consent(participant, organisation, purpose, categories=("identity",)):
    """Refuse (ConsentMissing) unless a valid consent lets `organisation` receive at least
    `categories` for `purpose`; returns the consent."""
    consent = consent_covers(participant, organisation, purpose, categories)
    if consent is None:
        raise ConsentMissing(participant, organisation, purpose)
    return consent


@dataclass(frozen=True)
class Disclosure:
    """What of one participant's data an actor may see, and on which basis."""

    participant_id: int
    categories: frozenset = frozenset()
    basis: str = ""
    pseudonym: str = ""

    def shows(self, category) -> bool:
        return str(category) in self.categories

    @property
    def visible(self) -> dict:
        """{category: bool} for templates: `{% if disclosure.visible.residence %}`."""
        return {category: category in self.categories for category in ALL_CATEGORIES}

    @property
    def full(self) -> bool:
        return self.categories == ALL_CATEGORIES

    @property
    def category_labels(self) -> list[str]:
        from .categories import Category

        return [str(c.label) for c in Category if c.value in self.categories]


def pseudonym(participant_id) -> str:
    """A stable pseudonym for readers who may see case data but not the person
    (coordinators): keyed with the secret key, so it cannot be reversed to the id."""
    import hashlib
    import hmac

    from django.conf import settings

    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"participant:{participant_id}".encode(), hashlib.sha256
    ).hexdigest()
    return f"TN-{digest[:8].upper()}"


def disclosures(user, participant_ids) -> dict[int, Disclosure]:
    """{participant id: Disclosure} for `user`, in two queries whatever the number."""
    actor = actor_for(user)
    ids = {int(pk) for pk in participant_ids}
    result = {pk: Disclosure(pk, pseudonym=pseudonym(pk)) for pk in ids}
    if not ids or not actor.roles & CASE_ROLES:
        return result
    from inprocedere.participants.models import Participant

    orgs = actor.organisation_ids
    own = set(
        Participant.unrestricted.filter(_own_q(orgs), pk__in=ids).values_list("pk", flat=True)
    )
    for pk in own:
        result[pk] = Disclosure(pk, ALL_CATEGORIES, "own_case", pseudonym(pk))
    shared: dict[int, tuple[set, list]] = {}
    rows = sharing_consents(orgs).filter(participant_id__in=ids - own)
    for consent_id, participant_id, categories in rows.values_list(
        "pk", "participant_id", "categories"
    ).distinct():
        granted, consent_ids = shared.setdefault(participant_id, (set(), []))
        granted.update(categories)
        consent_ids.append(consent_id)
    for pk, (granted, consent_ids) in shared.items():
        basis = "consent:" + ",".join(str(c) for c in sorted(set(consent_ids)))
        result[pk] = Disclosure(pk, frozenset(granted) & ALL_CATEGORIES, basis, pseudonym(pk))
    return result


def disclosure(user, participant, *, purpose: str = "", channel: str | None = None):
    """What `user` may see of `participant` now. The read is written to the access log and
    the fields outside the disclosed categories are blanked on this instance."""
    found = disclosures(user, [participant.pk])[participant.pk]
    disclose_many(
        user,
        [participant.pk],
        purpose=purpose,
        channel=channel,
        known={found.participant_id: found},
    )
    redact(participant, found)
    participant.disclosure = found
    return found


def disclose_rows(user, rows, *, purpose: str = "", channel: str | None = None) -> list:
    """Rows of a list page or API page (participants, or records that belong to one):
    one access-log insert for all, and each row's person redacted to what `user` may see.
    Only participants already loaded (select_related) are redacted; no query per row."""
    rows = list(rows)
    owners = {}
    for row in rows:
        person = _participant_of(row)
        if person is not None:
            owners.setdefault(person.pk, []).append((row, person))
    if not owners:
        return rows
    # A person already disclosed in this request (e.g. the case of a case's sub-list,
    # opened through disclosure()) carries its Disclosure: logged once, not again.
    found = {
        pk: pairs[0][1].disclosure
        for pk, pairs in owners.items()
        if isinstance(getattr(pairs[0][1], "disclosure", None), Disclosure)
    }
    unlogged = [pk for pk in owners if pk not in found]
    if unlogged:
        found.update(disclose_many(user, unlogged, purpose=purpose, channel=channel))
    for pk, pairs in owners.items():
        for row, person in pairs:
            redact(person, found[pk])
            person.disclosure = found[pk]
            if row is not person and row._meta.label_lower not in OWN_TEXT_OF_BOTH_SIDES:
                redact(row, found[pk])
    return rows


# Records whose own text is the message between the two organisations that alone can
# open them (the referral's reason and goals): shown whole to both, like on its page.
OWN_TEXT_OF_BOTH_SIDES = {"cases.referral"}


def _participant_of(row):
    if row._meta.label_lower == "participants.participant":
        return row
    cache = row._state.fields_cache
    if cache.get("participant") is not None:
        return cache["participant"]
    if cache.get("case") is not None:
        return _participant_of(cache["case"])
    return None


def redact(instance, found: Disclosure) -> None:
    """Blank, on this instance only, every field whose data category `found` does not
    disclose; the family name becomes the pseudonym. A redacted instance refuses to be
    saved (see `refuse_saving_redacted`), so no blanked value can reach the database."""
    if found.full:
        return
    from .categories import categories_of

    hidden = {
        name
        for name, category in categories_of(type(instance)).items()
        if category not in found.categories
    }
    for name in hidden:
        field = instance._meta.get_field(name)
        value = found.pseudonym if name == "family_name" else field.get_default()
        setattr(instance, field.attname, value)
    if hidden:
        instance._inprocedere_redacted = True
    _redact_loaded_relations(instance, found)


def redact_all(rows, found: Disclosure):
    """`redact` for records of one person loaded separately (a case's activities, …)."""
    rows = list(rows)
    for row in rows:
        redact(row, found)
    return rows


def _redact_loaded_relations(instance, found: Disclosure) -> None:
    """Related records already loaded with the instance (prefetches, `to_attr` lists):
    withheld entirely when none of their categories is disclosed, else redacted."""
    from django.db.models import Model

    from .categories import categories_of

    def narrowed(rows):
        if not rows:
            return rows
        categories = set(categories_of(type(rows[0])).values())
        if not categories:
            return rows
        if not categories & found.categories:
            return []
        return redact_all(rows, found)

    for cached in getattr(instance, "_prefetched_objects_cache", {}).values():
        if cached._result_cache is not None:
            cached._result_cache = narrowed(cached._result_cache)
    for attr, value in list(vars(instance).items()):
        if isinstance(value, list) and value and isinstance(value[0], Model):
            setattr(instance, attr, narrowed(value))


def refuse_saving_redacted(sender, instance, **kwargs):
    if getattr(instance, "_inprocedere_redacted", False):
        raise RuntimeError(f"{sender._meta.label} {instance.pk} was redacted for display")


def disclose_many(user, participants, *, purpose: str = "", channel: str | None = None, known=None):
    """Log the read of many participants at once (a list page, an export): one insert.
    Returns {participant id: Disclosure}."""
    from . import access_log

    ids = [getattr(p, "pk", p) for p in participants]
    found = known or disclosures(user, ids)
    readable = [pk for pk in ids if found[pk].categories]
    for categories in {found[pk].categories for pk in readable}:
        group = [pk for pk in readable if found[pk].categories == categories]
        access_log.record(
            user,
            group,
            categories=categories,
            purpose=purpose,
            basis={pk: found[pk].basis for pk in group},
            organisation=acting_organisation(user),
            channel=channel,
        )
    return found


def disclose_pseudonymised(user, participant_ids, *, purpose: str = "coordination") -> dict:
    """Log that `user` (the coordinating office) read records of these people under their
    pseudonyms only; returns {participant id: pseudonym}."""
    from . import access_log

    ids = list(participant_ids)
    access_log.record(
        user,
        ids,
        categories=["pseudonymised"],
        purpose=purpose,
        basis="role:coordinator",
        organisation=acting_organisation(user),
    )
    return {pk: pseudonym(pk) for pk in ids}


def written(user, participant_id, *, categories=(), purpose: str = "", basis: str = ""):
    """Log a change of a person's data by `user` (every audited change, core/audit.py)."""
    from . import access_log

    if not basis:
        # The basis only labels the entry (the write was allowed already); remembered per
        # actor so that bulk work (an import writes many records per person) asks once.
        known = actor_for(user).write_bases
        if participant_id not in known:
            known[participant_id] = disclosures(user, [participant_id])[participant_id].basis
        basis = known[participant_id] or "system"
    access_log.record(
        user,
        [participant_id],
        action="write",
        categories=categories,
        purpose=purpose,
        basis=basis,
        organisation=acting_organisation(user),
    )


def refused(user, participant_id, *, purpose: str = ""):
    """Log an attempt to open a participant's record that the policy refused."""
    from . import access_log

    if participant_id is None:
        return
    access_log.record(
        user,
        [participant_id],
        action="denied",
        purpose=purpose,
        organisation=acting_organisation(user),
    )


def refused_lookup(user, model, pk, *, purpose: str = "") -> None:
    """A detail lookup the policy refused (the caller answers 404): if the record exists,
    log the attempt against the person it belongs to."""
    try:
        rows = model.unrestricted.filter(pk=int(pk))
        if model._meta.label_lower == "participants.participant":
            ids = list(rows.values_list("pk", flat=True))
        else:
            ids = list(rows.values_list("participant_id", flat=True))
    except (ValueError, TypeError, OverflowError):
        return
    if ids:
        refused(user, ids[0], purpose=purpose)


def acting_organisation(user):
    """The organisation a user acts for in the logs (the first of their positions)."""
    actor = actor_for(user)
    return actor.positions[0].organisation if actor.positions else None


def reaching_organisations(user, participant) -> list:
    """The actor's organisations (of positions with a case role) that each hold
    `participant`'s data themselves: who may speak for a consent recorded about them."""
    actor = actor_for(user)
    reaching = []
    for organisation in sorted(actor.organisations, key=lambda org: org.pk):
        positions = [p for p in actor.case_positions if p.organisation_id == organisation.pk]
        if not positions:
            continue
        narrowed = Actor(user=actor.user, positions=positions, roles=actor.roles)
        queryset = type(participant).unrestricted.filter(pk=participant.pk)
        if _participant_scope(narrowed, queryset, "consent.record").exists():
            reaching.append(organisation)
    return reaching


def register_scope(label: str, scope) -> None:
    """Let an app decide which of its records an actor reaches: `scope(actor, queryset,
    permission) -> queryset`, applied by `can` and `visible` to the model `label`."""
    _SCOPES[label] = scope


_SCOPES = {
    "participants.participant": _participant_scope,
    "privacy.consent": _consent_scope,
    "cases.case": _case_scope,
    "cases.referral": _referral_scope,
}
