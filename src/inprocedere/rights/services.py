"""Writes of the data subject's rights: the subject-access export, pseudonymisation and
erasure. Each runs in one transaction with its audit entry; erasure refuses, writing
nothing, while a retention duty runs."""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.privacy import access_log, policy
from inprocedere.privacy.categories import ALL_CATEGORIES, Category

from . import redaction, retention, shredders, subject_access
from .models import Erasure

DPO_BASIS = "role:dpo"


def _organisation(actor):
    return policy.acting_organisation(actor) if actor is not None else None


def subject_access_export(*, actor, participant, language: str = "", channel=None) -> bytes:
    """The ZIP of everything held about `participant`; logged as a read of every
    category (access log) and as an export (audit)."""
    policy.require(actor, "rights.subject_access")
    export = subject_access.gather(participant, language=language)
    content = subject_access.build_zip(export)
    with transaction.atomic():
        access_log.record(
            actor,
            [participant.pk],
            categories=sorted(ALL_CATEGORIES),
            purpose="subject_access",
            basis=DPO_BASIS,
            organisation=_organisation(actor),
            channel=channel or "export",
        )
        audit.record(
            "rights.subject_access.exported",
            actor=actor,
            detail={
                "participant": participant.pk,
                "language": export.language,
                "records": export.counts(),
            },
        )
    return content


def _needles(participant) -> tuple[list[str], list[str]]:
    """The person's names and identifiers as they may appear in logs, before they go:
    (distinctive values: full names, identifiers, contact; single name parts).

    Single name parts ("Karim") are common to many people: they are looked for only
    in the person's own audit entries and in addresses, never to blank other people's
    audit entries."""
    from inprocedere.participants.models import Alias, ExternalIdentifier, ResidenceStatus

    aliases = list(Alias.objects.filter(participant=participant))
    strong = [
        participant.full_name,
        f"{participant.family_name}, {participant.given_names}",
        participant.email,
        str(participant.phone or ""),
        participant.street,
    ]
    strong += [str(alias) for alias in aliases if alias.given_names]
    strong += list(
        ExternalIdentifier.objects.filter(participant=participant).values_list("value", flat=True)
    )
    strong += list(
        ResidenceStatus.objects.filter(participant=participant)
        .exclude(document_number="")
        .values_list("document_number", flat=True)
    )
    weak = [participant.family_name, participant.given_names, participant.birth_place]
    weak += [value for alias in aliases for value in (alias.family_name, alias.given_names)]

    def clean(values):
        return [v for v in dict.fromkeys((v or "").strip() for v in values) if v]

    strong = clean(strong)
    return strong, [v for v in clean(weak) if v not in strong]


def _personal_keys(found, categories) -> frozenset:
    keys = set()
    for model in found:
        keep = shredders.ESF_FIELDS.get(model._meta.label_lower, set())
        for name, category in shredders.field_categories(model).items():
            if category in categories and name not in keep:
                keys.add(name)
    return frozenset(keys)


def _delete_files_on_commit(model, field_name, ids):
    files = [
        (getattr(obj, field_name).storage, getattr(obj, field_name).name)
        for obj in model._base_manager.filter(pk__in=ids)
        if getattr(obj, field_name)
    ]

    def delete():
        for storage, name in files:
            with contextlib.suppress(OSError):  # already gone: the aim is reached
                storage.delete(name)

    transaction.on_commit(delete)


def _check_categories(categories) -> list[str]:
    chosen = [c for c in Category.values if c in set(categories or ())]
    unknown = set(categories or ()) - set(Category.values)
    if unknown or not chosen:
        raise ValidationError({"categories": _("Choose at least one known data category.")})
    return chosen


def _shred(*, actor, participant, categories, kind, pseudonym="") -> Erasure:
    plan = shredders.plan(participant.pk, categories, pseudonym=pseudonym)
    identity = Category.IDENTITY in categories or Category.CONTACT in categories
    strong, weak = _needles(participant) if identity else ([], [])
    objects = {model._meta.label_lower: ids for model, ids in plan.found.items()}
    keys = _personal_keys(plan.found, categories)
    redaction.declare()
    if pseudonym:
        # Notes stay for the rest of the duty, but no longer name the person.
        shredders.scrub_text(plan.found, strong + weak, pseudonym)
    shredders.apply(plan, _delete_files_on_commit)
    audited = redaction.redact_audit(objects, strong, keys, own_needles=weak)
    logged = redaction.redact_access_log(participant.pk, strong + weak) if identity else 0
    counts = {**plan.counts(), "audit_entries": audited, "access_log_entries": logged}
    erasure = Erasure.objects.create(
        participant_id=participant.pk,
        kind=kind,
        categories=list(categories),
        counts=counts,
        performed_by=actor,
    )
    access_log.record(
        actor,
        [participant.pk],
        action="write",
        categories=categories,
        purpose="erasure" if kind == Erasure.Kind.ERASED else "pseudonymisation",
        basis=DPO_BASIS,
        organisation=_organisation(actor),
    )
    # No label, no names: the entry says what happened to which id, nothing more.
    audit.record(
        f"rights.{kind}",
        actor=actor,
        organisation=_organisation(actor),
        detail={"participant": participant.pk, "categories": list(categories), "counts": counts},
    )
    return erasure


def erase(*, actor, participant, categories=None, on=None) -> Erasure:
    """Shred `categories` (default: all) of the person; refused, writing nothing, while
    a case is open or a retention duty runs (the message names the date it ends)."""
    policy.require(actor, "rights.erase")
    chosen = _check_categories(categories if categories is not None else ALL_CATEGORIES)
    with transaction.atomic():
        locked = type(participant).unrestricted.select_for_update().get(pk=participant.pk)
        state = retention.retention_of(locked, on)
        reason = state.refusal()
        if reason:
            raise ValidationError(reason, code="retention")
        return _shred(actor=actor, participant=locked, categories=chosen, kind=Erasure.Kind.ERASED)


def pseudonymise(*, actor, participant, on=None) -> Erasure:
    """Replace identity and contact data by a pseudonym once every case is closed, while
    the retention duty keeps the ESF data (LAW.md §5: pseudonymise earlier where possible)."""
    policy.require(actor, "rights.erase")
    with transaction.atomic():
        locked = type(participant).unrestricted.select_for_update().get(pk=participant.pk)
        state = retention.retention_of(locked, on)
        if not state.may_pseudonymise:
            if state.erased or state.pseudonymised:
                message = _("The data of this person have already been pseudonymised or erased.")
            else:
                message = _(
                    "Pseudonymisation needs every case closed with an exit, and a retention "
                    "rule that allows it."
                )
            raise ValidationError(message, code="pseudonymise")
        return _shred(
            actor=actor,
            participant=locked,
            categories=list(shredders.PSEUDONYMISE),
            kind=Erasure.Kind.PSEUDONYMISED,
            pseudonym=policy.pseudonym(locked.pk),
        )
