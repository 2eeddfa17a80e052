"""Reach: which participants, cases, referrals and consents an actor's positions touch.

Bases (POLICY.md): the actor's own organisation holds the person's data ("own": it
registered the person or owns one of their cases), or another organisation works with
them (case team, sending or receiving side of a live referral) AND a valid consent names
that organisation as recipient for a purpose of shared case work ("consent").
Withdrawal or expiry ends the second basis on the next query: nothing is cached, the
consent's validity dates are part of every query.

The bases are rows of the reach table (`privacy.Reach`, kept in step by reach_table.py,
decision 0012): one per person, organisation and basis. A scope asks "is there a row for
one of the actor's organisations: an own basis, or a shared one with a consent valid
today?" as a semi-join that one index answers, probed row by row while a list walks its
own sort index (so a first page costs about the same for an organisation that reaches
half the register as for one that reaches 200 people). The consent is asked of the
consents themselves, never copied into the table.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from .actors import Actor, actor_for

SHARING_PURPOSES = ("referral", "case_conference", "placement", "counselling")

# Purpose binding (§67b SGB X, Art. 5(1)(b) GDPR): each basis of shared work serves one
# purpose, and a consent opens it only if it names that purpose. A referral is for the
# referral; a position on another organisation's case team is joint counselling. Pages
# that serve another purpose (a case conference) declare it (docs/access-policy.md).
REFERRAL_PURPOSE = "referral"
TEAM_PURPOSE = "counselling"

# A referral is a basis of reach while it stands: sent (the receiver must be able to
# decide), accepted, or done. Declined by the receiver or withdrawn by the sender, it
# ends the reach it gave, unless another basis stands (issue 16, docs/consent.md).
LIVE_REFERRAL_STATES = ("sent", "accepted", "intake_done")

# What only an organisation that holds the person's data itself may do: change the
# record, and record or withdraw the person's consents (a recipient recording a consent
# would widen its own reach; docs/consent.md).
OWN_ONLY = frozenset({"participant.edit", "consent.record", "consent.withdraw"})


def _models():
    from inprocedere.cases.models import Case, Referral
    from inprocedere.participants.models import Participant

    from .models import Consent

    return Participant, Case, Referral, Consent


def sharing_consents(organisation_ids, on=None, purposes=SHARING_PURPOSES):
    """Consents valid on `on` (default today) that name one of the organisations as
    recipient for one of `purposes` of shared case work (never the ESF monitoring
    consent). The validity dates are part of the query: expiry bites the next day."""
    *_rest, Consent = _models()
    named = Q()
    for purpose in purposes:
        if purpose not in SHARING_PURPOSES:
            raise ValueError(f"not a purpose of shared case work: {purpose}")
        named |= _names_purpose(purpose)
    return Consent.unrestricted.valid_on(on).filter(named, recipients__in=organisation_ids)


def _names_purpose(purpose) -> Q:
    # PostgreSQL: JSON containment (jsonb @>), cheaper than a case-folded text match;
    # SQLite has no containment for JSON: the quoted value in the stored list.
    from django.db import connection

    if connection.vendor == "postgresql":
        return Q(purposes__contains=[purpose])
    return Q(purposes__icontains=f'"{purpose}"')


def _ids(queryset, column="pk"):
    # No ordering inside a UNION or an IN (...) subquery.
    return queryset.order_by().values(column)


OWN_BASES = ("registered", "case")


class Probed(Exists):
    """EXISTS asked row by row, for a condition inside an OR of a list that walks its own
    sort index (the referral list: "received and within reach, or sent").

    PostgreSQL plans such an EXISTS twice, per row and hashed, and picks by the rows the
    scan would read without its LIMIT: hashed, which first reads the organisation's whole
    reach and every consent that names it (0.9 s at 100,000 people) to show 50 rows. An
    OFFSET makes the subquery one it cannot turn into a hashed IN, so each row costs one
    probe of an index (`OFFSET 0` after the LIMIT 1 of every EXISTS changes no result;
    SQLite always probes row by row)."""

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="EXISTS(%(subquery)s OFFSET 0)", **extra_context
        )


def _consented(orgs, purpose, column="participant_id", exists=Exists) -> Exists:
    """A consent valid today names one of the organisations for `purpose`, of the person
    in the outer row's `column` (asked at query time: withdrawal and expiry bite on the
    next request)."""
    consents = sharing_consents(orgs, purposes=(purpose,))
    return exists(consents.filter(participant_id=OuterRef(column)))


def reach_rows(orgs, *, positions=(), own_only=False, exists=Exists):
    """The rows of the reach table that let one of the organisations reach a person
    today: an own basis; a live referral under a consent to the referral; a position of
    `positions` on the case team under a consent to joint counselling (a colleague off
    the team does not reach the case's person). `exists=Probed` asks the consents row by
    row."""
    from .models import Reach

    rows = Reach.objects.filter(organisation_id__in=orgs)
    if own_only:
        return rows.filter(basis__in=OWN_BASES)
    shared = Q(basis="referral") & Q(_consented(orgs, REFERRAL_PURPOSE, exists=exists))
    if positions:
        team = Q(basis="team", position_id__in=positions) & Q(
            _consented(orgs, TEAM_PURPOSE, exists=exists)
        )
        shared |= team
    return rows.filter(Q(basis__in=OWN_BASES) | shared)


def own_ids(orgs):
    """Participant ids whose data one of the organisations holds itself."""
    return _ids(reach_rows(orgs, own_only=True), "participant_id")


def consented_ids(orgs, purposes=SHARING_PURPOSES):
    """Participant ids of whom a valid consent names one of the organisations for one of
    `purposes`."""
    return _ids(sharing_consents(orgs, purposes=purposes), "participant_id")


def _actor_rows(actor: Actor, name: str, exists=Exists):
    """The reach rows that let `actor` do `name` to a person today: changing the record
    or its consents is for an organisation that holds it; reading, for another
    organisation (never editing) under a valid consent too."""
    own_only = name in OWN_ONLY
    orgs, positions = actor.organisation_ids, actor.position_ids
    return reach_rows(orgs, positions=positions, own_only=own_only, exists=exists)


def reaches(
    actor: Actor, name: str = "participant.read", column: str = "pk", *, probed=False
) -> Exists:
    """The condition "the row's person (`column`) lies within `actor`'s reach under
    `name`", for `QuerySet.filter`; `probed`: asked row by row (`Probed`)."""
    exists = Probed if probed else Exists
    rows = _actor_rows(actor, name, exists=exists)
    return exists(rows.filter(participant_id=OuterRef(column)))


def reach_ids(actor: Actor, name: str = "participant.read"):
    """The ids of the participants `actor` reaches under `name`."""
    return _ids(_actor_rows(actor, name), "participant_id")


def _participant_scope(actor: Actor, queryset, name):
    if not actor.organisation_ids:
        return queryset.none()
    return queryset.filter(reaches(actor, name))


def _case_scope(actor: Actor, queryset, name):
    if name == "case.overview":
        # Pseudonymised: every case, but the page never loads the person (cases views).
        return queryset
    orgs, positions = actor.organisation_ids, actor.position_ids
    if not orgs:
        return queryset.none()
    Case = queryset.model
    ids = _ids(Case.unrestricted.filter(owner_organisation_id__in=orgs))
    parts = []
    if name not in ("case.manage", "case.notes.read") and positions:
        # Managing a case and its confidential notes stay with the owning organisation;
        # a team member of another organisation works in it only under a valid consent.
        consented = consented_ids(orgs, (TEAM_PURPOSE,))
        team = Case.unrestricted.filter(team__in=positions, participant_id__in=consented)
        parts.append(_ids(team))
    if name == "case.read":
        # A handover keeps the history visible to the new owner (read only).
        successors = Case.unrestricted.filter(
            owner_organisation_id__in=orgs, handed_over_from__isnull=False
        )
        parts.append(_ids(successors, "handed_over_from_id"))
    return queryset.filter(pk__in=ids.union(*parts) if parts else ids)


def _referral_scope(actor: Actor, queryset, name):
    orgs = actor.organisation_ids
    if not orgs:
        return queryset.none()
    from inprocedere.network.models import Position

    sent = Q(from_position_id__in=Position.objects.filter(organisation_id__in=orgs).values("pk"))
    if name == "referral.withdraw":
        return queryset.filter(sent)
    if name == "referral.respond":
        # Answering is for the receiver that holds the data or a valid consent; whether
        # the referral can still be answered is the state machine's clear "not possible".
        people = own_ids(orgs).union(consented_ids(orgs, (REFERRAL_PURPOSE,)))
        return queryset.filter(to_organisation_id__in=orgs, participant_id__in=people)
    # The receiving side sees a referral while the person lies within its reach (it holds
    # their data itself, or a valid consent covers a basis that stands: a declined or
    # withdrawn referral is no longer one); the sending side always sees what it sent.
    # One condition per row (no UNION), so the list walks its date index for page one,
    # probing the reach of each received row (never reading the whole reach first).
    received = Q(to_organisation_id__in=orgs) & Q(
        reaches(actor, column="participant_id", probed=True)
    )
    return queryset.filter(received | sent)


def _consent_scope(actor: Actor, queryset, name):
    """An organisation that holds the person's data sees, records and withdraws all their
    consents; a recipient reading under consent sees only the consents that name it, and
    records or withdraws none (docs/consent.md)."""
    orgs = actor.organisation_ids
    if not orgs:
        return queryset.none()
    # Conditions on each consent row, probed by index (decision 0019): a UNION of "held"
    # and "naming" read the organisation's whole reach first, 0.6 s at 100,000 people to
    # show one person's two consents.
    Consent = queryset.model
    own = reach_rows(orgs, own_only=True).filter(participant_id=OuterRef("participant_id"))
    held = Probed(own)
    if name in OWN_ONLY:
        return queryset.filter(held)
    recipients = Consent.recipients.through.objects.filter(
        consent_id=OuterRef("pk"), organisation_id__in=orgs
    )
    naming = Q(Probed(recipients)) & Q(reaches(actor, name, column="participant_id", probed=True))
    return queryset.filter(Q(held) | naming)


def holding_organisations(participant, organisation_ids) -> set[int]:
    """Which of these organisations hold the person's data themselves (one query)."""
    _participant, Case, _referral, _consent = _models()
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


def holds_data(organisation_id, participant) -> bool:
    """Does the organisation hold the person's data itself (registered them, or owns one
    of their cases), so that no consent is needed for it to see them?"""
    return bool(holding_organisations(participant, [organisation_id]))


def own_among(orgs, participant_ids) -> set[int]:
    """Those of `participant_ids` whose data one of the organisations holds (two index
    lookups by id, whatever the size of the register)."""
    Participant, Case, _referral, _consent = _models()
    ids = list(participant_ids)
    owned = _ids(
        Case.unrestricted.filter(owner_organisation_id__in=orgs, participant_id__in=ids),
        "participant_id",
    )
    rows = Participant.unrestricted.filter(pk__in=ids).filter(
        Q(registered_by_id__in=orgs) | Q(pk__in=owned)
    )
    return set(rows.values_list("pk", flat=True))


# The purpose each shared basis of the reach table serves.
_BASIS_PURPOSE = {"referral": REFERRAL_PURPOSE, "team": TEAM_PURPOSE}
OWN = "own"


def _basis_rows(actor: Actor):
    """The actor's rows of the reach table, of every basis (consents not asked): an own
    basis of one of its organisations, a live referral, a position of its own on a team."""
    from .models import Reach

    rows = Reach.objects.filter(organisation_id__in=actor.organisation_ids)
    shared = Q(basis="referral")
    if actor.position_ids:
        shared |= Q(basis="team", position_id__in=actor.position_ids)
    return rows.filter(Q(basis__in=OWN_BASES) | shared)


def bases_among(actor: Actor, participant_ids) -> dict[int, set[str]]:
    """{participant id: the actor's bases}: "own" (one of its organisations holds the
    person's data) and the purposes of the shared bases that stand (a live referral:
    referral; its position on the case team: joint counselling). One query of the reach
    table, whatever the number of people; consents are not asked here."""
    ids = list(participant_ids)
    found: dict[int, set[str]] = {}
    if not ids or not actor.organisation_ids:
        return found
    rows = _basis_rows(actor).filter(participant_id__in=ids)
    for pk, basis in rows.values_list("participant_id", "basis").distinct():
        found.setdefault(pk, set()).add(OWN if basis in OWN_BASES else _BASIS_PURPOSE[basis])
    return found


def bases_annotations(actor: Actor, column: str = "pk") -> dict:
    """The same bases as `bases_among`, as boolean annotations of the rows' own query (the
    person in `column`): a page that loads one record learns them without a query of its
    own. `bases_of(row)` reads them back."""
    if not actor.organisation_ids:
        return {}
    rows = _basis_rows(actor).filter(participant_id=OuterRef(column))
    annotations = {"reach_own": Exists(rows.filter(basis__in=OWN_BASES))}
    for basis, purpose in _BASIS_PURPOSE.items():
        annotations[f"reach_{purpose}"] = Exists(rows.filter(basis=basis))
    return annotations


def bases_of(row) -> set[str] | None:
    """The bases `bases_annotations` put on `row`, or None when it carries none."""
    if not hasattr(row, "reach_own"):
        return None
    found = {OWN} if row.reach_own else set()
    for purpose in _BASIS_PURPOSE.values():
        if getattr(row, f"reach_{purpose}", False):
            found.add(purpose)
    return found


def standing_purposes(actor: Actor, participant_ids) -> dict[int, set[str]]:
    """{participant id: the purposes of the shared bases that stand for `actor`} (a live
    referral: referral; a case-team position: joint counselling), in two queries."""
    _participant, Case, Referral, _consent = _models()
    orgs, positions, ids = actor.organisation_ids, actor.position_ids, list(participant_ids)
    found: dict[int, set[str]] = {}
    referred = Referral.unrestricted.filter(
        Q(to_organisation_id__in=orgs) | Q(from_position__organisation_id__in=orgs),
        participant_id__in=ids,
        state__in=LIVE_REFERRAL_STATES,
    )
    for pk in referred.values_list("participant_id", flat=True).distinct():
        found.setdefault(pk, set()).add(REFERRAL_PURPOSE)
    if positions:
        team = Case.unrestricted.filter(participant_id__in=ids, team__in=positions)
        for pk in team.values_list("participant_id", flat=True).distinct():
            found.setdefault(pk, set()).add(TEAM_PURPOSE)
    return found


def reaching_organisations(user, participant) -> list:
    """The actor's organisations (of positions with a case role) that each hold
    `participant`'s data themselves: who may speak for a consent recorded about them."""
    actor = actor_for(user)
    candidates = {p.organisation_id: p.organisation for p in actor.case_positions}
    held = holding_organisations(participant, candidates)
    return [candidates[pk] for pk in sorted(held)]


def register_scope(label: str, scope) -> None:
    """Let an app decide which of its records an actor reaches: `scope(actor, queryset,
    permission) -> queryset`, applied by `can` and `visible` to the model `label`."""
    _SCOPES[label] = scope


def scope_for(label: str):
    return _SCOPES.get(label)


_SCOPES = {
    "participants.participant": _participant_scope,
    "privacy.consent": _consent_scope,
    "cases.case": _case_scope,
    "cases.referral": _referral_scope,
}
