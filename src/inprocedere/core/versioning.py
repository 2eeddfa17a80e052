"""No lost updates: a save names the version it started from; a stale one is refused."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import AuditEntry


class StaleEdit(ValidationError):
    """Someone else saved the record after the editor opened it."""

    def __init__(self, current, changed_fields):
        self.current = current
        self.changed_fields = changed_fields
        # The person's name, as the pages show colleagues (not the sign-in name).
        who = current.updated_by.display_name if current.updated_by else _("someone")
        when = date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        labels = [str(current._meta.get_field(name).verbose_name) for name in changed_fields]
        message = _("%(who)s changed this record at %(when)s while you were editing it.") % {
            "who": who,
            "when": when,
        }
        if labels:
            message += " " + _("Changed since you opened it: %(fields)s.") % {
                "fields": ", ".join(labels)
            }
        message += " " + _("Please review the current values and enter your changes again.")
        super().__init__(message, code="stale")


def changed_values(instance: models.Model, data: dict) -> dict:
    """{field: [old, new]} for the entries of `data` that differ from `instance`."""
    changes = {}
    for name, new in data.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = [_jsonable(old), _jsonable(new)]
    return changes


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def fields_changed_since(instance: models.Model, version: int) -> list[str]:
    """Which fields later versions changed, read from their audit entries."""
    entries = AuditEntry.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).values_list("detail", flat=True)
    names: list[str] = []
    for detail in entries:
        if isinstance(detail, dict) and detail.get("version", 0) > version:
            for name in detail.get("changes", {}):
                if name not in names:
                    names.append(name)
    return names


def save_versioned(instance: models.Model, *, actor, expected_version: int, data: dict) -> dict:
    """Apply `data` to `instance` if nobody saved it since `expected_version`.

    Must run inside a transaction; returns the changes for the audit entry.
    The conditional UPDATE is the lock: of two concurrent saves only one matches.
    """
    model = type(instance)
    fresh = model._default_manager.select_related("updated_by__person").get(pk=instance.pk)
    if fresh.version != expected_version:
        raise StaleEdit(fresh, fields_changed_since(fresh, expected_version))
    changes = changed_values(fresh, data)
    now = timezone.now()
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **data, version=models.F("version") + 1, updated_by=actor, updated_at=now
    )
    if not updated:
        fresh = model._default_manager.select_related("updated_by__person").get(pk=instance.pk)
        raise StaleEdit(fresh, fields_changed_since(fresh, expected_version))
    for name, value in data.items():
        setattr(instance, name, value)
    instance.version = expected_version + 1
    instance.updated_by = actor
    instance.updated_at = now
    return changes
