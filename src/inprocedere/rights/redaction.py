"""The sanctioned redaction of the audit log and the access log (core migration 0003,
rights migration 0002): entries stay, the person's names and identifiers go.

Both logs are append-only; on PostgreSQL their triggers let exactly one kind of
UPDATE through, and only in a transaction that declares itself a redaction
(`SET LOCAL inprocedere.redaction = 'on'`):
- an audit entry: `redacted` set, `object_label` "[redacted]", string values in
  `detail` replaced by "[redacted]" (its JSON keeps its shape);
- an access-log entry: the query string of `path` replaced by "?[redacted]" (a search
  for a name is part of the address; the id of the person never is a name).
"""

from __future__ import annotations

import json
from urllib.parse import quote, quote_plus

from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Cast

from inprocedere.core.models import AuditEntry
from inprocedere.privacy.models import AccessLogEntry

MARK = "[redacted]"
MIN_NEEDLE = 3


def declare() -> None:
    """Mark the current transaction as a redaction (PostgreSQL; a no-op elsewhere)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL inprocedere.redaction = 'on'")


def variants(needles) -> list[str]:
    """Each needle as typed, URL-encoded and JSON-escaped (how logs may store it)."""
    found = []
    for needle in needles:
        needle = (needle or "").strip()
        if len(needle) < MIN_NEEDLE:
            continue
        for form in (needle, quote(needle), quote_plus(needle), json.dumps(needle)[1:-1]):
            if form not in found:
                found.append(form)
    return found


def _contains(text: str, needles) -> bool:
    lowered = text.lower()
    return any(needle.lower() in lowered for needle in needles)


def redact_json(value, needles, keys=frozenset()):
    """`value` with every string that contains a needle, or stands under one of `keys`,
    replaced by MARK; the shape (keys, list lengths) stays."""
    if isinstance(value, dict):
        return {
            key: (_mark_leaves(item) if key in keys else redact_json(item, needles, keys))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact_json(item, needles, keys) for item in value]
    if isinstance(value, str) and _contains(value, needles):
        return MARK
    return value


def _mark_leaves(value):
    if isinstance(value, dict):
        return {key: _mark_leaves(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mark_leaves(item) for item in value]
    if value is None or isinstance(value, bool):
        return value
    return MARK


def _text_match(field_name: str, needles) -> Q:
    query = Q()
    for needle in needles:
        query |= Q(**{f"{field_name}__icontains": needle})
    return query


def redact_audit(objects: dict[str, list], needles, keys, *, own_needles=()) -> int:
    """Redact the audit entries about `objects` ({model label: ids}) and every other
    entry whose label or detail contains a needle; `own_needles` (single name parts)
    count only in the entries about `objects`. Returns how many changed."""
    forms = variants(needles)
    own_forms = forms + variants(own_needles)
    about = Q()
    for label, ids in objects.items():
        about |= Q(object_type=label, object_id__in=[str(pk) for pk in ids])
    entries = AuditEntry._base_manager.annotate(detail_text=Cast("detail", models.TextField()))
    mentions = _text_match("object_label", forms) | _text_match("detail_text", forms)
    candidates = entries.filter(about | mentions) if forms else entries.filter(about)
    changed = 0
    for entry in candidates.order_by("pk"):
        is_about = entry.object_type in objects and entry.object_id in {
            str(pk) for pk in objects[entry.object_type]
        }
        label = MARK if is_about or _contains(entry.object_label, forms) else entry.object_label
        if is_about and not entry.object_label:
            label = ""
        if is_about:
            detail = redact_json(entry.detail, own_forms, keys)
        else:
            detail = redact_json(entry.detail, forms)
        if label == entry.object_label and detail == entry.detail and entry.redacted:
            continue
        AuditEntry._base_manager.filter(pk=entry.pk).update(
            object_label=label, detail=detail, redacted=True
        )
        changed += 1
    return changed


def redacted_path(path: str) -> str:
    base = path.split("?", 1)[0]
    return f"{base}?{MARK}"


def redact_access_log(participant_id: int, needles) -> int:
    """Blank the query strings of the person's own entries and of every entry whose
    address contains a needle (a search for their name listed others too)."""
    forms = variants(needles)
    query = Q(participant_ids__has=participant_id, path__contains="?")
    if forms:
        query |= _text_match("path", forms)
    changed = 0
    for pk, path in AccessLogEntry._base_manager.filter(query).values_list("pk", "path"):
        if "?" not in path and not _contains(path, forms):
            continue
        new = redacted_path(path)
        if new != path:
            AccessLogEntry._base_manager.filter(pk=pk).update(path=new)
            changed += 1
    return changed
