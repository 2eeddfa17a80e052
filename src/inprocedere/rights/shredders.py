"""Erasure as one shredder per data category (pretix's shredder, STYLE.md).

A shredder knows, for every model that holds a person's records (found by
`records.collect`), which fields belong to its category (`DATA_CATEGORIES`, next to
each model) and what becomes of them, by the kind of field:

| field | becomes |
| --- | --- |
| names (`family_name`, `given_names`) | the placeholder "[erased]", or the pseudonym |
| other text | blank ("[erased]" where the column may not be empty) |
| dates | empty where allowed, else 1 January of their year |
| birth date | coarsened to the year (or the month) as far as the ESF age at entry allows |
| numbers, yes/no | empty, or their default |
| JSON lists | empty |
| uploaded files | deleted from the storage, the column blanked |
| optional links to organisations | cut |

Free text that a model does not declare (a referral's feedback, a conference's title)
may name the person too: the counselling shredder, which handles free text, blanks it.
Records that are nothing but identity (aliases, external identifiers) are deleted.

What the ESF report counts stays (`ESF_FIELDS`): gender, citizenship, entry date,
employment status, ISCED level, the exit and follow-up, hours, placements' type and
start — without a name they say nothing about who the person was, and the report over
any period is the same before and after (tested).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from inprocedere.core.fields import PartialDateField
from inprocedere.core.partial_dates import PartialDate
from inprocedere.privacy.categories import ALL_CATEGORIES, Category, categories_of

from . import records

PLACEHOLDER = "[erased]"
NAME_FIELDS = {"family_name", "given_names"}
FREE_TEXT = Category.COUNSELLING  # undeclared free text goes with the counselling notes

# Fields the ESF report reads (reporting/esf_sql.py): kept by every shredder.
ESF_FIELDS = {
    "participants.participant": {
        "gender",
        "birth_date",  # coarsened, not removed
        "citizenships",
        "stateless",
        "foreign_background",
        "disability",
        "minority",
    },
    "cases.case": {
        "esf_entry_date",
        "employment_status_at_entry",
        "isced_at_entry",
        "homeless",
        "rural",
        "status",
    },
    "cases.activity": {"duration_minutes", "date", "kind"},
    "cases.placement": {"type", "starts_on"},
    "cases.enrollment": {"qualification_gained", "ended_on", "state"},
    "cases.exit": {"exit_date", "status_upon_leaving", "qualification_gained", "reason"},
    "cases.followup": {"status", "situation_improved", "due_on", "done_on"},
    "privacy.consent": {"signed_on", "valid_until", "withdrawn_on", "purposes"},
}
# Records that hold nothing but identity: erased as rows.
DELETE_ROWS = {
    "participants.alias": Category.IDENTITY,
    "participants.externalidentifier": Category.IDENTITY,
    # derived from the names for duplicate detection: meaningless once they are gone
    "duplicates.blockingkey": Category.IDENTITY,
    "duplicates.candidatepair": Category.IDENTITY,
}
# Search helpers derived from the names.
DERIVED_IDENTITY = {"search_text"}


@dataclass
class FieldChange:
    model: type[models.Model]
    field: models.Field
    category: str
    action: str  # "placeholder", "blank", "null", "coarsen", "default", "delete_file", "unlink"

    @property
    def label(self):
        return self.field.verbose_name


@dataclass
class Plan:
    """What shredding `categories` of one person would change (the preview)."""

    participant_id: int
    categories: list[str]
    pseudonym: str = ""
    changes: OrderedDict = field(default_factory=OrderedDict)  # model -> [FieldChange]
    deletions: OrderedDict = field(default_factory=OrderedDict)  # model -> ids
    found: OrderedDict = field(default_factory=OrderedDict)  # model -> ids
    files: list[str] = field(default_factory=list)

    def rows(self):
        """(model verbose name plural, record count, [field labels], deleted?) for the page."""
        for model, changes in self.changes.items():
            yield (
                model._meta.verbose_name_plural,
                len(self.found[model]),
                [str(change.label) for change in changes],
                False,
            )
        for model, ids in self.deletions.items():
            yield (model._meta.verbose_name_plural, len(ids), [], True)

    def counts(self) -> dict:
        counts = {
            model._meta.label_lower: {
                "records": len(self.found[model]),
                "fields": [c.field.name for c in changes],
            }
            for model, changes in self.changes.items()
        }
        for model, ids in self.deletions.items():
            counts[model._meta.label_lower] = {"records": len(ids), "deleted": True}
        counts["files"] = len(self.files)
        return counts


def _is_free_text(model_field) -> bool:
    """Text someone typed: a text area, or a line long enough for a sentence (short
    character fields hold codes: a language, a form version, a content type)."""
    if model_field.choices or isinstance(model_field, PartialDateField):
        return False
    if isinstance(model_field, models.TextField):
        return True
    return isinstance(model_field, models.CharField) and (model_field.max_length or 0) > 50


def field_categories(model) -> dict[str, str]:
    """{field name: category} of a model, undeclared free text counted as FREE_TEXT."""
    declared = categories_of(model)
    result = dict(declared)
    for model_field in model._meta.concrete_fields:
        if model_field.name in result or model_field.primary_key:
            continue
        if model_field.name in DERIVED_IDENTITY:
            result[model_field.name] = Category.IDENTITY
        elif _is_free_text(model_field) and not model_field.is_relation:
            result[model_field.name] = FREE_TEXT
    return result


def action_for(model_field) -> str:
    if isinstance(model_field, models.FileField):
        return "delete_file"
    if model_field.name in NAME_FIELDS:
        return "placeholder"
    if isinstance(model_field, PartialDateField):
        return "coarsen"
    if model_field.is_relation:
        return "unlink" if model_field.null else ""
    if isinstance(model_field, models.DateField | models.DateTimeField):
        return "null" if model_field.null else "coarsen"
    if isinstance(model_field, models.CharField | models.TextField):
        return "blank" if model_field.blank or model_field.null else "placeholder"
    if isinstance(model_field, models.JSONField):
        return "default"
    if model_field.null:
        return "null"
    return "default"


def plan(participant_id: int, categories, *, pseudonym: str = "") -> Plan:
    """The preview: every field and row the chosen shredders would touch."""
    chosen = [c for c in Category.values if c in set(categories)]
    result = Plan(int(participant_id), chosen, pseudonym=pseudonym)
    result.found = records.collect(participant_id)
    for model, ids in result.found.items():
        label = model._meta.label_lower
        if label in DELETE_ROWS:
            if DELETE_ROWS[label] in chosen:
                result.deletions[model] = ids
            continue
        keep = ESF_FIELDS.get(label, set())
        changes = []
        for name, category in field_categories(model).items():
            if category not in chosen or (name in keep and name != "birth_date"):
                continue
            model_field = model._meta.get_field(name)
            if not model_field.concrete or model_field.many_to_many:
                continue
            action = action_for(model_field)
            if action:
                changes.append(FieldChange(model, model_field, category, action))
        if changes:
            result.changes[model] = changes
            for change in changes:
                if change.action == "delete_file":
                    result.files.extend(
                        name
                        for name in records.queryset(model, ids).values_list(
                            change.field.name, flat=True
                        )
                        if name
                    )
    return result


def coarsened_birth_date(birth: PartialDate | None, entry_dates) -> PartialDate | None:
    """The birth date reduced to the year, or to the month, whichever gives the same ESF
    age at every entry (so the age groups EECO06–08 stay), else unchanged."""
    if birth is None:
        return None
    candidates = [PartialDate(birth.year)]
    if birth.month:
        candidates.append(PartialDate(birth.year, birth.month))
    for candidate in candidates:
        if all(candidate.esf_age_on(day) == birth.esf_age_on(day) for day in entry_dates):
            return candidate
    return birth


def _value(change: FieldChange, pseudonym: str):
    model_field = change.field
    if change.action == "placeholder":
        if pseudonym and model_field.name in NAME_FIELDS:
            return pseudonym if model_field.name == "family_name" else ""
        return PLACEHOLDER[: model_field.max_length] if model_field.max_length else PLACEHOLDER
    if change.action == "blank":
        return "" if model_field.blank else None
    if change.action in ("null", "unlink"):
        return None
    if change.action == "default":
        return model_field.get_default()
    if change.action == "delete_file":
        return ""
    raise ValueError(change.action)


def apply(result: Plan, storage_deleter) -> None:
    """Carry out the plan (inside the caller's transaction): one UPDATE per model and
    kind of change, coarsening row by row; files are deleted by `storage_deleter` after
    the commit, so a rollback leaves them in place."""
    from inprocedere.cases.models import Case

    for model, ids in result.deletions.items():
        model._base_manager.filter(pk__in=ids).delete()
    for model, changes in result.changes.items():
        ids = result.found[model]
        queryset = model._base_manager.filter(pk__in=ids)
        simple = {}
        for change in changes:
            if change.action == "coarsen":
                continue
            simple[change.field.name] = _value(change, result.pseudonym)
            if change.action == "delete_file":
                storage_deleter(model, change.field.name, ids)
        if simple:
            queryset.update(**simple)
        for change in changes:
            if change.action != "coarsen":
                continue
            name = change.field.name
            if isinstance(change.field, PartialDateField):
                entry_dates = list(
                    Case._base_manager.filter(
                        participant_id=result.participant_id, esf_entry_date__isnull=False
                    ).values_list("esf_entry_date", flat=True)
                )
                for pk, value in queryset.values_list("pk", name):
                    model._base_manager.filter(pk=pk).update(
                        **{name: coarsened_birth_date(value, entry_dates)}
                    )
            else:
                for pk, value in queryset.values_list("pk", name):
                    if value is not None:
                        model._base_manager.filter(pk=pk).update(
                            **{name: value.replace(month=1, day=1)}
                        )


ALL = sorted(ALL_CATEGORIES)
CATEGORY_LABELS = dict(Category.choices)
PSEUDONYMISE = [Category.IDENTITY, Category.CONTACT]
ACTION_LABELS = {
    "placeholder": _("replaced by a placeholder"),
    "blank": _("blanked"),
    "null": _("removed"),
    "coarsen": _("coarsened"),
    "default": _("reset"),
    "delete_file": _("file deleted"),
    "unlink": _("link removed"),
}


def scrub_text(found, needles, replacement: str) -> int:
    """Replace every mention of a needle (a name, an identifier) in the free text of the
    person's remaining records by `replacement`: pseudonymisation keeps the notes but
    not who they are about. Returns the number of records changed."""
    import re

    patterns = [
        re.compile(re.escape(needle), re.IGNORECASE)
        for needle in sorted({n for n in needles if len(n) >= 3}, key=len, reverse=True)
    ]
    if not patterns:
        return 0
    changed = 0
    for model, ids in found.items():
        if model._meta.label_lower in DELETE_ROWS:
            continue
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not isinstance(f, PartialDateField)
            and f.name not in NAME_FIELDS
        ]
        if not text_fields:
            continue
        for row in model._base_manager.filter(pk__in=ids).values("pk", *text_fields):
            updates = {}
            for name in text_fields:
                value = row[name]
                if not value or not isinstance(value, str):
                    continue  # e.g. a phone number: a contact field, shredded as such
                new = value
                for pattern in patterns:
                    new = pattern.sub(replacement, new)
                if new != value:
                    updates[name] = new[: model._meta.get_field(name).max_length or None]
            if updates:
                model._base_manager.filter(pk=row["pk"]).update(**updates)
                changed += 1
    return changed
