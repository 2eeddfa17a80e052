"""Resolving a candidate pair: merge two records of one person, or mark them as different
people; undo a merge. Each checks the policy, writes in one transaction with its audit
entry.

A merge moves *every* row that points at the merged participant to the survivor. The
rows are found by introspection (every concrete foreign key or one-to-one field to
Participant in every installed model, including the hidden tables of many-to-many
fields), so records of future models move too without this module knowing them. Only
the bookkeeping of duplicate detection itself stays (blocking keys, pairs, decisions,
merge records) and the access log, which keeps bare ids on purpose.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit, derived
from inprocedere.participants.models import Alias, Participant
from inprocedere.privacy import policy

from .models import BlockingKey, CandidatePair, Decision, MergeRecord

OWN_APP = "duplicates"


def participant_relations() -> list[tuple[type, str]]:
    """(model, field name) of every foreign key to Participant whose rows belong to the
    person and move with a merge."""
    relations = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label == OWN_APP or model._meta.proxy or not model._meta.managed:
            continue
        if getattr(model, "derived", False):
            continue  # derived data (e.g. privacy.Reach): refreshed by core.derived, not moved
        for field in model._meta.local_concrete_fields:
            if field.is_relation and field.related_model is Participant:
                if model is Participant:
                    continue  # e.g. merged_into: the person's own state, not a record
                relations.append((model, field.name))
    return relations


def _check(actor, *participants) -> None:
    policy.require(actor, "duplicates.resolve")
    for participant in participants:
        if not policy.can(actor, "participant.edit", participant):
            raise PermissionDenied("participant.edit")


def _ordered(one, other):
    return (one, other) if one.pk < other.pk else (other, one)


def _refresh(*participants) -> None:
    derived.refresh([participant.pk for participant in participants])  # keys and pairs too


def _is_merged(participant) -> bool:
    return MergeRecord.objects.filter(merged=participant, undone_at__isnull=True).exists()


@transaction.atomic
def mark_different(*, actor, one: Participant, other: Participant, note: str = "") -> Decision:
    """Remember that two records are different people; the pair is not proposed again."""
    _check(actor, one, other)
    if one.pk == other.pk:
        raise ValidationError(_("A record cannot be different from itself."))
    a, b = _ordered(one, other)
    decision, created = Decision.objects.get_or_create(
        a=a, b=b, defaults={"decided_by": actor, "note": (note or "").strip()[:300]}
    )
    CandidatePair.objects.filter(a=a, b=b).delete()
    if created:
        audit.record(
            "duplicates.marked_different",
            actor=actor,
            obj=a,
            detail={"a": a.pk, "b": b.pk, "decision": decision.pk},
        )
    return decision


@transaction.atomic
def merge(*, actor, survivor: Participant, merged: Participant) -> MergeRecord:
    """Move every record of `merged` to `survivor`; `merged` becomes an alias of the
    survivor and is marked merged. Reversible with `unmerge`."""
    _check(actor, survivor, merged)
    if survivor.pk == merged.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    if _is_merged(survivor) or _is_merged(merged):
        raise ValidationError(_("One of the two records has already been merged into another."))
    a, b = _ordered(survivor, merged)
    pair = CandidatePair.objects.filter(a=a, b=b).first()
    moved = _move_records(survivor, merged)
    record = _merge_record(actor, survivor, merged, pair, moved)
    if hasattr(merged, "merged_into_id"):
        Participant.unrestricted.filter(pk=merged.pk).update(merged_into=survivor)
        merged.merged_into = survivor
    CandidatePair.objects.filter(a=a, b=b).delete()
    BlockingKey.objects.filter(participant=merged).delete()
    _refresh(survivor, merged)
    audit.record(
        "duplicates.merged",
        actor=actor,
        obj=survivor,
        detail={
            "survivor": survivor.pk,
            "merged": merged.pk,
            "merge": record.pk,
            "moved": {
                label: {f: len(p) for f, p in fields.items()} for label, fields in moved.items()
            },
        },
    )
    return record


def _move_records(survivor: Participant, merged: Participant) -> dict[str, dict[str, list]]:
    """Point every row of `merged` at `survivor`: {model label: {field: [pks]}}, which
    `unmerge` moves back. A row that may exist only once per person and exists on both
    sides stops the merge (the savepoint keeps the transaction usable for the error)."""
    moved: dict[str, dict[str, list]] = {}
    for model, name in participant_relations():
        rows = model._base_manager.filter(**{name: merged})
        pks = list(rows.order_by("pk").values_list("pk", flat=True))
        if not pks:
            continue
        try:
            with transaction.atomic():
                model._base_manager.filter(pk__in=pks).update(**{name: survivor})
        except IntegrityError:
            raise ValidationError(
                _(
                    "The records cannot be merged: both have a %(record)s that may exist "
                    "only once per person. Resolve that first."
                )
                % {"record": model._meta.verbose_name}
            ) from None
        moved.setdefault(model._meta.label_lower, {})[name] = pks
    return moved


def _merge_record(actor, survivor, merged, pair, moved) -> MergeRecord:
    """The merged record's name as an alias of the survivor, and the merge record that
    keeps what moved, the pair's weight and reasons (for undo and for the history)."""
    alias = Alias.objects.create(
        participant=survivor,
        family_name=merged.family_name,
        given_names=merged.given_names,
        source=(_("merged record #%(id)s") % {"id": merged.pk})[:150],
    )
    return MergeRecord.objects.create(
        survivor=survivor,
        merged=merged,
        alias=alias,
        score=pair.score if pair else None,
        reasons=pair.reasons if pair else [],
        moved=moved,
        merged_by=actor,
    )


@transaction.atomic
def merge_cluster(*, actor, survivor: Participant, others: list[Participant]) -> list[MergeRecord]:
    """Merge several records of one person (a cluster) into `survivor`, all or nothing:
    one merge record each, so each can be undone on its own."""
    if not others:
        raise ValidationError(_("Choose the records to merge."))
    return [merge(actor=actor, survivor=survivor, merged=other) for other in others]


@transaction.atomic
def unmerge(*, actor, record: MergeRecord) -> MergeRecord:
    """Undo a merge: exactly the rows that moved go back, the alias it added goes."""
    record = MergeRecord.objects.select_for_update().get(pk=record.pk)
    survivor, merged = record.survivor, record.merged
    _check(actor, survivor)
    if not record.is_active:
        raise ValidationError(_("This merge has already been undone."))
    if _is_merged(survivor):
        raise ValidationError(
            _("The surviving record has since been merged into another; undo that merge first.")
        )
    returned, missing = 0, 0
    for label, fields in record.moved.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            missing += sum(len(pks) for pks in fields.values())
            continue
        for name, pks in fields.items():
            count = model._base_manager.filter(pk__in=pks, **{name: survivor}).update(
                **{name: merged}
            )
            returned += count
            missing += len(pks) - count
    if record.alias_id:
        Alias.objects.filter(pk=record.alias_id).delete()
    if hasattr(merged, "merged_into_id"):
        Participant.unrestricted.filter(pk=merged.pk).update(merged_into=None)
        merged.merged_into = None
    record.undone_at = timezone.now()
    record.undone_by = actor
    record.save(update_fields=["undone_at", "undone_by"])
    _refresh(survivor, merged)
    audit.record(
        "duplicates.unmerged",
        actor=actor,
        obj=survivor,
        detail={
            "survivor": survivor.pk,
            "merged": merged.pk,
            "merge": record.pk,
            "returned": returned,
            "no_longer_there": missing,
        },
    )
    return record
