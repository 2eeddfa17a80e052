"""Redaction: blank, on the instance shown, every field a reader may not see."""

from __future__ import annotations

# `found` below is a disclosures.Disclosure (not imported: disclosures imports this).


def redact(instance, found) -> None:
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


def redact_all(rows, found):
    """`redact` for records of one person loaded separately (a case's activities, …)."""
    rows = list(rows)
    for row in rows:
        redact(row, found)
    return rows


def _redact_loaded_relations(instance, found) -> None:
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
