"""Registering and editing participants, their aliases and agencies' identifiers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inprocedere.core import audit, derived
from inprocedere.core.versioning import save_versioned
from inprocedere.privacy import policy

from ..models import Alias, ExternalIdentifier, Participant
from ._common import (
    as_partial_date,
    check_birth_date,
    check_citizenship,
    check_languages,
    full_clean,
    registering_organisation,
)

PARTICIPANT_FIELDS = (
    "family_name",
    "given_names",
    "birth_date",
    "birth_place",
    "gender",
    "citizenships",
    "stateless",
    "languages",
    "phone",
    "email",
    "street",
    "postcode",
    "municipality",
    "minor_children",
    "household_note",
    "foreign_background",
    "disability",
    "minority",
)


def _clean_data(data: dict) -> dict:
    unknown = set(data) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"unknown participant fields: {', '.join(sorted(unknown))}")
    data = dict(data)
    if "birth_date" in data:
        data["birth_date"] = as_partial_date(data["birth_date"], "birth_date")
        check_birth_date(data["birth_date"])
    if "languages" in data:
        data["languages"] = check_languages(data["languages"])
    if "citizenships" in data:
        data["citizenships"] = [str(code).upper() for code in data["citizenships"] or []]
    for name in ("family_name", "given_names"):
        if name in data:
            data[name] = " ".join(str(data[name] or "").split())
    return data


@transaction.atomic
def participant_register(
    *,
    actor,
    family_name: str,
    given_names: str,
    registering_position=None,
    duplicates_confirmed: bool = False,
    **data,
) -> Participant:
    """Register a person. `duplicates_confirmed` only goes into the audit entry: the
    officer saw possible matches and registered anyway."""
    policy.require(actor, "participant.register")
    data = _clean_data({"family_name": family_name, "given_names": given_names, **data})
    organisation = registering_organisation(actor, registering_position)
    participant = Participant(registered_by=organisation, updated_by=actor, **data)
    check_citizenship(participant.citizenships, participant.stateless)
    full_clean(participant, exclude=["search_text", "birth_date"])
    participant.save()
    _refresh_derived(participant)
    audit.record(
        "participants.participant.registered",
        actor=actor,
        obj=participant,
        organisation=organisation,
        detail={"version": 1, "duplicates_confirmed": duplicates_confirmed},
    )
    return participant


@transaction.atomic
def participant_update(*, actor, participant: Participant, version: int, **data) -> Participant:
    policy.require(actor, "participant.edit", participant)
    data = _clean_data(data)
    probe = Participant.unrestricted.get(pk=participant.pk)
    for name, value in data.items():
        setattr(probe, name, value)
    check_citizenship(probe.citizenships, probe.stateless)
    full_clean(probe, exclude=["search_text", "registered_by", "birth_date"])
    data = {name: getattr(probe, name) for name in data}  # as the model cleaned them
    if "citizenships" in data:
        data["citizenships"] = [country.code for country in data["citizenships"]]
    changes = save_versioned(participant, actor=actor, expected_version=version, data=data)
    if {"family_name", "given_names", "birth_date", "citizenships"} & set(changes):
        _refresh_derived(participant)
    audit.record(
        "participants.participant.updated",
        actor=actor,
        obj=participant,
        detail={"version": participant.version, "changes": changes},
    )
    return participant


@transaction.atomic
def alias_add(
    *, actor, participant: Participant, family_name: str, given_names: str = "", source: str = ""
) -> Alias:
    policy.require(actor, "participant.edit", participant)
    alias = Alias(
        participant=participant,
        family_name=" ".join((family_name or "").split()),
        given_names=" ".join((given_names or "").split()),
        source=(source or "").strip(),
    )
    full_clean(alias)
    alias.save()
    _refresh_derived(participant)
    audit.record(
        "participants.alias.added",
        actor=actor,
        obj=participant,
        detail={"alias": str(alias), "source": alias.source},
    )
    return alias


@transaction.atomic
def alias_remove(*, actor, alias: Alias) -> None:
    participant = alias.participant
    policy.require(actor, "participant.edit", participant)
    label = str(alias)
    alias.delete()
    _refresh_derived(participant)
    audit.record(
        "participants.alias.removed", actor=actor, obj=participant, detail={"alias": label}
    )


@transaction.atomic
def external_id_add(
    *, actor, participant: Participant, organisation, kind: str, value: str
) -> ExternalIdentifier:
    policy.require(actor, "participant.edit", participant)
    identifier = ExternalIdentifier(
        participant=participant, organisation=organisation, kind=kind, value=(value or "").strip()
    )
    full_clean(identifier)
    taken = ExternalIdentifier.objects.filter(
        organisation=organisation, kind=kind, value=identifier.value
    ).exists()
    if taken:
        raise ValidationError(
            {
                "value": _(
                    "%(organisation)s already uses this %(kind)s for another record. "
                    "Is the person registered twice?"
                )
                % {"organisation": organisation, "kind": identifier.get_kind_display()}
            }
        )
    identifier.save()
    _refresh_derived(participant)  # the identifier is searchable
    audit.record(
        "participants.external_id.added",
        actor=actor,
        obj=participant,
        detail={"organisation": organisation.slug, "kind": kind},
    )
    return identifier


def _refresh_derived(participant: Participant) -> None:
    """Search text, duplicate keys and whatever else is derived from the record."""
    derived.refresh([participant.pk])
    participant.refresh_from_db(fields=["search_text"])
