"""Writes to the directory. Each one checks the policy, validates, writes in one
transaction together with its audit entry, and keeps the search text current."""

from __future__ import annotations

import datetime as dt
from copy import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.core.versioning import save_versioned
from inprocedere.privacy import policy
from inprocedere.privacy.roles import ALL_ROLES

from . import permissions
from .models import Organisation, Person, Position, Tenure
from .search import person_search_text, refresh_person_search_text, refresh_search_text

ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "street",
    "postcode",
    "city",
    "website",
    "phone",
    "email",
    "mandate_does_de",
    "mandate_does_en",
    "mandate_cannot_de",
    "mandate_cannot_en",
    "legal_basis_de",
    "legal_basis_en",
)
POSITION_FIELDS = ("title", "phone", "email", "deputy", "roles", "handover_note", "is_active")
PERSON_FIELDS = ("title", "given_name", "family_name", "phone", "email", "user")


def require_turnover(actor, position) -> None:
    """The coordinator (or administrator) anywhere, a team lead in their own organisation."""
    if not permissions.reaches(actor, position):
        raise PermissionDenied("position.turnover")


def _validate_roles(roles):
    unknown = set(roles) - ALL_ROLES
    if unknown:
        raise ValidationError(
            {"roles": _("Unknown roles: %(roles)s") % {"roles": ", ".join(sorted(unknown))}}
        )


def _checked(instance, data: dict) -> dict:
    """`data` as the model validates and cleans it (lengths, e-mail, phone, choices), on a
    copy of `instance`: the pages' forms and the API meet the same rules. Only the fields
    being changed are checked, so an old value elsewhere never blocks a save."""
    probe = copy(instance)
    for name, value in data.items():
        setattr(probe, name, value)
    names = set(data)
    others = [field.name for field in instance._meta.fields if field.name not in names]
    probe.full_clean(exclude=others)
    return {name: getattr(probe, name) for name in data}


def _validate_deputy(position, deputy):
    if deputy is None:
        return
    if position.pk is not None and deputy.pk == position.pk:
        raise ValidationError({"deputy": _("A position cannot deputise for itself.")})


@transaction.atomic
def organisation_update(*, actor, organisation, version, regions=None, **data) -> Organisation:
    policy.require(actor, "directory.edit", organisation)
    data = _checked(
        organisation, {key: value for key, value in data.items() if key in ORGANISATION_FIELDS}
    )
    changes = save_versioned(organisation, actor=actor, expected_version=version, data=data)
    if regions is not None:
        before = sorted(organisation.regions.values_list("slug", flat=True))
        organisation.regions.set(regions)
        after = sorted(region.slug for region in regions)
        if before != after:
            changes["regions"] = [before, after]
    audit.record(
        "network.organisation.updated",
        actor=actor,
        obj=organisation,
        detail={"version": organisation.version, "changes": changes},
    )
    refresh_search_text(organisation.positions.all())
    return organisation


@transaction.atomic
def position_create(
    *, actor, organisation, title, topics=(), regions=(), roles=(), deputy=None, **data
) -> Position:
    policy.require(actor, "directory.edit", organisation)
    _validate_roles(roles)
    position = Position(organisation=organisation, title=title, roles=list(roles), deputy=deputy)
    for key, value in data.items():
        if key in POSITION_FIELDS:
            setattr(position, key, value)
    position.updated_by = actor
    position.full_clean(exclude=["search_text"])
    position.save()
    position.topics.set(topics)
    position.regions.set(regions)
    audit.record(
        "network.position.created",
        actor=actor,
        obj=position,
        detail={"title": title, "roles": list(roles)},
    )
    refresh_search_text([position.pk])
    return position


@transaction.atomic
def position_update(*, actor, position, version, topics=None, regions=None, **data) -> Position:
    policy.require(actor, "directory.edit", position)
    data = {key: value for key, value in data.items() if key in POSITION_FIELDS}
    if "roles" in data:
        _validate_roles(data["roles"])
        data["roles"] = list(data["roles"])
    if "deputy" in data:
        _validate_deputy(position, data["deputy"])
    data = _checked(position, data)
    changes = save_versioned(position, actor=actor, expected_version=version, data=data)
    for name, values in (("topics", topics), ("regions", regions)):
        if values is None:
            continue
        manager = getattr(position, name)
        before = sorted(manager.values_list("slug", flat=True))
        manager.set(values)
        after = sorted(item.slug for item in values)
        if before != after:
            changes[name] = [before, after]
    audit.record(
        "network.position.updated",
        actor=actor,
        obj=position,
        detail={"version": position.version, "changes": changes},
    )
    refresh_search_text([position.pk])
    return position


@transaction.atomic
def person_create(*, actor, given_name, family_name, **data) -> Person:
    policy.require(actor, "directory.edit")
    person = Person(given_name=given_name, family_name=family_name, updated_by=actor)
    for key, value in data.items():
        if key in PERSON_FIELDS:
            setattr(person, key, value)
    person.search_text = person_search_text(person)
    person.full_clean()
    person.save()
    audit.record("network.person.created", actor=actor, obj=person)
    return person


@transaction.atomic
def person_update(*, actor, person, version, **data) -> Person:
    policy.require(actor, "directory.edit", person)
    data = _checked(person, {key: value for key, value in data.items() if key in PERSON_FIELDS})
    changes = save_versioned(person, actor=actor, expected_version=version, data=data)
    audit.record(
        "network.person.updated",
        actor=actor,
        obj=person,
        detail={"version": person.version, "changes": changes},
    )
    refresh_person_search_text([person])
    refresh_search_text(Position.objects.filter(tenures__person=person))
    return person


@transaction.atomic
def tenure_start(*, actor, position, person, starts_on: dt.date | None = None) -> Tenure:
    """`person` takes up `position` (it may be shared, e.g. two part-time holders)."""
    require_turnover(actor, position)
    starts_on = starts_on or timezone.localdate()
    overlapping = Tenure.objects.filter(position=position, person=person).current(starts_on)
    if overlapping.exists():
        raise ValidationError(
            {"person": _("%(person)s already holds this position.") % {"person": person}}
        )
    tenure = Tenure(position=position, person=person, starts_on=starts_on)
    tenure.full_clean()
    tenure.save()
    audit.record(
        "network.tenure.started",
        actor=actor,
        obj=position,
        detail={"person": person.pk, "person_name": person.full_name, "from": str(starts_on)},
    )
    refresh_search_text([position.pk])
    return tenure


@transaction.atomic
def tenure_end(*, actor, tenure, ends_on: dt.date | None = None, reason: str = "") -> Tenure:
    require_turnover(actor, tenure.position)
    ends_on = ends_on or timezone.localdate()
    if tenure.ends_on is not None and tenure.ends_on < timezone.localdate():
        raise ValidationError(_("This tenure has already ended."))
    if ends_on < tenure.starts_on:
        raise ValidationError({"ends_on": _("The end cannot lie before the start.")})
    if reason and reason not in Tenure.EndReason.values:
        raise ValidationError({"end_reason": _("Unknown reason.")})
    tenure.ends_on = ends_on
    tenure.end_reason = reason
    tenure.save(update_fields=["ends_on", "end_reason"])
    audit.record(
        "network.tenure.ended",
        actor=actor,
        obj=tenure.position,
        detail={"person": tenure.person_id, "until": str(ends_on), "reason": reason},
    )
    refresh_search_text([tenure.position_id])
    return tenure


@transaction.atomic
def position_handover(
    *,
    actor,
    tenure,
    ends_on: dt.date | None = None,
    reason: str = "",
    successor: Person | None = None,
    successor_starts_on: dt.date | None = None,
    handover_note: str | None = None,
) -> Tenure | None:
    """A holder leaves `tenure`'s position (left, parental leave, …): their tenure ends,
    the handover note is kept on the position, and the successor, if named, takes over.

    Everything that belongs to the position (cases, referrals, inbox items, its direct
    dial and mailbox) stays with it. Left vacant, its deputy hears of it in their inbox
    and gets its items until somebody holds it again. Returns the successor's tenure.
    """
    position = Position.objects.select_for_update().get(pk=tenure.position_id)
    require_turnover(actor, position)
    if not reason:
        raise ValidationError({"end_reason": _("Please give the reason.")})
    ends_on = ends_on or timezone.localdate()
    if successor is not None and successor.pk == tenure.person_id:
        raise ValidationError({"successor": _("The successor cannot be the person leaving.")})
    starts_on = successor_starts_on or (ends_on + dt.timedelta(days=1))
    if successor is not None and starts_on < tenure.starts_on:
        raise ValidationError(
            {"successor_starts_on": _("The successor cannot start before the holder did.")}
        )
    tenure_end(actor=actor, tenure=tenure, ends_on=ends_on, reason=reason)
    if handover_note is not None and handover_note != position.handover_note:
        Position.objects.filter(pk=position.pk).update(handover_note=handover_note)
        position.handover_note = handover_note
        audit.record(
            "network.position.handover_note",
            actor=actor,
            obj=position,
            detail={"length": len(handover_note)},
        )
    new_tenure = None
    if successor is not None:
        new_tenure = tenure_start(
            actor=actor, position=position, person=successor, starts_on=starts_on
        )
    audit.record(
        "network.position.handover",
        actor=actor,
        obj=position,
        detail={
            "leaving": tenure.person_id,
            "until": str(ends_on),
            "reason": reason,
            "successor": successor.pk if successor else None,
            "successor_from": str(starts_on) if successor else None,
        },
    )
    _tell_deputy_if_vacant(position, tenure, ends_on, successor, starts_on)
    return new_tenure


def _tell_deputy_if_vacant(position, tenure, ends_on, successor, starts_on) -> None:
    """The deputy hears that work of the position now comes to them (from the day after
    the last holder leaves until the successor starts)."""
    from django.urls import reverse
    from django.utils.formats import date_format

    from inprocedere.inbox.services import deliver

    if position.deputy_id is None:
        return
    others = Tenure.objects.filter(position=position).exclude(pk=tenure.pk)
    day_after = ends_on + dt.timedelta(days=1)
    if others.current(day_after).exists():
        return  # a shared position stays held
    if successor is not None and starts_on <= day_after:
        return
    deliver(
        position=position.deputy,
        kind="vacancy",
        key=f"vacancy:{position.pk}:{tenure.pk}:{ends_on}",
        title=_("You deputise for the vacant position “%(title)s” from %(date)s")
        % {"title": position.title, "date": date_format(day_after, "SHORT_DATE_FORMAT")},
        url=reverse("network:position_detail", args=[position.pk]),
        due_on=day_after,
    )
