"""What of a person's data a reader sees, on which basis, and the access log of every read."""

from __future__ import annotations

from dataclasses import dataclass

from . import reach
from .actors import acting_organisation, actor_for
from .categories import ALL_CATEGORIES
from .permissions import CASE_ROLES
from .redaction import redact


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


def disclosures(
    user, participant_ids, *, purpose: str = "", bases: dict[int, set[str]] | None = None
) -> dict[int, Disclosure]:
    """{participant id: Disclosure} for `user`, in a constant number of queries.

    Purpose binding: a consent counts only if it names the purpose the page declares
    (`purpose`, one of the purposes of shared case work), or, on pages that serve the
    person's case work in general (lists, the person's page), the purpose of a basis that
    stands for the reader (a live referral: referral; the case team: joint counselling).

    The bases come from one query of the reach table (`reach.bases_among`), or from
    `bases` when the page's own query brought them (`reach.bases_annotations`); the
    consents are asked here, at query time, for the people without an own basis."""
    actor = actor_for(user)
    ids = {int(pk) for pk in participant_ids}
    result = {pk: Disclosure(pk, pseudonym=pseudonym(pk)) for pk in ids}
    if not ids or not actor.roles & CASE_ROLES:
        return result
    orgs = actor.organisation_ids
    if bases is None or not ids <= bases.keys():
        bases = reach.bases_among(actor, ids)
    own = {pk for pk in ids if reach.OWN in bases.get(pk, ())}
    for pk in own:
        result[pk] = Disclosure(pk, ALL_CATEGORIES, "own_case", pseudonym(pk))
    if purpose in reach.SHARING_PURPOSES:
        wanted = {pk: {purpose} for pk in ids - own}
    else:
        wanted = {pk: bases[pk] for pk in ids - own if bases.get(pk)}
    shared: dict[int, tuple[set, list]] = {}
    rows = reach.sharing_consents(orgs).filter(participant_id__in=list(wanted))
    for consent_id, participant_id, categories, purposes in rows.values_list(
        "pk", "participant_id", "categories", "purposes"
    ).distinct():
        if not set(purposes) & wanted[participant_id]:
            continue
        granted, consent_ids = shared.setdefault(participant_id, (set(), []))
        granted.update(categories)
        consent_ids.append(consent_id)
    for pk, (granted, consent_ids) in shared.items():
        basis = "consent:" + ",".join(str(c) for c in sorted(set(consent_ids)))
        result[pk] = Disclosure(pk, frozenset(granted) & ALL_CATEGORIES, basis, pseudonym(pk))
    return result


def disclosure(
    user, participant, *, purpose: str = "", channel: str | None = None, bases_from=None
):
    """What `user` may see of `participant` now. The read is written to the access log and
    the fields outside the disclosed categories are blanked on this instance. The actor's
    bases are read from `bases_from` (default: the participant), when the query that
    loaded it carried them (`policy.with_bases`)."""
    known = reach.bases_of(participant if bases_from is None else bases_from)
    bases = None if known is None else {participant.pk: known}
    found = disclosures(user, [participant.pk], purpose=purpose, bases=bases)[participant.pk]
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


def disclose_many(user, participants, *, purpose: str = "", channel: str | None = None, known=None):
    """Log the read of many participants at once (a list page, an export): one insert.
    Returns {participant id: Disclosure}."""
    from . import access_log

    ids = [getattr(p, "pk", p) for p in participants]
    found = known or disclosures(user, ids, purpose=purpose)
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
