"""The export format: which tables, and how a row becomes a line of JSON and back.

Values go through the model fields (`value_from_object` / `to_python`), not through
the raw database row, so an export from SQLite restores into PostgreSQL and back:
booleans, datetimes (full microseconds, UTC), decimals, JSON, partial dates, country
lists and phone numbers all come back as the same Python value.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

from django.apps import apps

FORMAT = "inprocedere-export"
VERSION = 1

# Not worth keeping: sign-ins end anyway, and restoring them would revive sessions;
# downloads written in the background are kept a day, their files are not exported, and
# a restored job still marked running would stand for one that never runs.
EXCLUDED = frozenset({"sessions.session", "reporting.exportjob"})

# Tables the migrations themselves fill; a freshly migrated database holds these rows,
# and a restore replaces them with the exported ones (same primary keys).
SEEDED_BY_MIGRATIONS = frozenset(
    {"contenttypes.contenttype", "auth.permission", "participants.residencestatustype"}
)


def label(model) -> str:
    return model._meta.label_lower


def exported_models() -> list:
    """Every concrete table of every installed app, the hidden many-to-many tables
    included, in a stable order."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.swapped or label(model) in EXCLUDED:
            continue
        found.append(model)
    return sorted(found, key=label)


def file_name(model) -> str:
    return f"{label(model)}.jsonl"


def columns(model) -> list:
    return list(model._meta.concrete_fields)


def encode(obj, fields) -> dict:
    row = {}
    for field in fields:
        if field.is_relation:
            row[field.attname] = _plain(getattr(obj, field.attname))
            continue
        value = field.value_from_object(obj)
        if value is None or isinstance(value, bool | int | float | str):
            row[field.attname] = value
        elif isinstance(value, dt.datetime | dt.date | dt.time):
            row[field.attname] = value.isoformat()
        elif isinstance(value, decimal.Decimal | uuid.UUID):
            row[field.attname] = str(value)
        elif field.get_internal_type() == "JSONField":
            row[field.attname] = value
        elif field.get_internal_type() in ("BinaryField", "DurationField"):
            row[field.attname] = field.value_to_string(obj)
        else:  # partial dates, country lists, phone numbers (E.164), files: as stored
            prepared = field.get_prep_value(value)
            row[field.attname] = (
                prepared if isinstance(prepared, str | int | float) else field.value_to_string(obj)
            )
    return row


def _plain(value):
    if value is None or isinstance(value, int | str):
        return value
    return str(value)


def decode(model, row: dict, fields):
    values = {}
    for field in fields:
        value = row.get(field.attname)
        if value is None:
            values[field.attname] = None
            continue
        target = field.target_field if field.is_relation else field
        if field.get_internal_type() == "JSONField":
            values[field.attname] = value
        else:
            values[field.attname] = target.to_python(value)
    return model(**values)
