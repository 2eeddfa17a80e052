"""The audit log: one call per change, inside the change's own transaction."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .models import AuditEntry

# Audit actions that record a read, not a change (for the access log's write entries).
READ_ACTIONS = ("viewed", "downloaded", "generated", "exported")
SECRET_MARKERS = ("password", "secret", "token", "otp", "key", "hash")
MASK = "***"


_NESTED = (dict, list, tuple)


@functools.lru_cache(maxsize=4096)
def _smells_secret(key: str) -> bool:
    # Cached: details repeat a few dozen keys, and bulk writers mask tens of thousands.
    lowered = key.lower()
    return any(marker in lowered for marker in SECRET_MARKERS)


def mask_secrets(value: Any) -> Any:
    """A copy of `value` in which every entry whose key smells of a secret is masked."""
    if isinstance(value, dict):
        return {
            key: MASK
            if _smells_secret(str(key))
            else (mask_secrets(item) if isinstance(item, _NESTED) else item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [mask_secrets(item) for item in value]
    return value


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    organisation=None,
    detail: dict | None = None,
    request=None,
    actor_label: str = "",
) -> AuditEntry:
    """Append one audit entry.

    Must be called inside the transaction of the change it describes, so the entry
    and the change are committed, or rolled back, together.
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    api_token = getattr(request, "api_token", None) if request is not None else None
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if not actor_label:
        actor_label = actor.get_username() if actor is not None else "system"
    if organisation is None and obj is not None:
        organisation = getattr(obj, "audit_organisation", None)
    entry = AuditEntry(
        actor=actor,
        actor_label=actor_label[:200],
        api_token=api_token,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=str(obj)[:300] if obj is not None else "",
        organisation=organisation,
        ip_address=client_ip(request),
        detail=mask_secrets(detail or {}),
    )
    if not transaction.get_connection().in_atomic_block:
        # A lone entry (e.g. a failed sign-in) is its own transaction.
        with transaction.atomic():
            entry.save()
    else:
        entry.save()
    _log_personal_write(action, obj, actor)
    return entry


# A change to a person's data is also an entry of the access log, which the privacy app
# keeps: it registers its writer here (`on_personal_write`, in its AppConfig.ready), as
# apps register with `core.derived`, because `core` imports no app.
_WRITE_LOGGERS: dict[str, Callable] = {}


def on_personal_write(name: str, logger: Callable) -> None:
    """Register (or replace) `logger(actor, participant_id, obj, action)`, called inside
    the transaction of every audited change to a person's data."""
    _WRITE_LOGGERS[name] = logger


def _log_personal_write(action, obj, actor) -> None:
    """Who changed which categories of whose data, in the same transaction as the audit
    entry. Without a registered writer the change is refused: it would go unlogged."""
    participant_id = _participant_id(obj)
    if participant_id is None or action.endswith(READ_ACTIONS):
        return  # reads are logged by the policy where the data are disclosed
    if not _WRITE_LOGGERS:
        raise ImproperlyConfigured("No access-log writer is registered (inprocedere.privacy).")
    for logger in _WRITE_LOGGERS.values():
        logger(actor, participant_id, obj, action)


def _participant_id(obj):
    if obj is None or obj.pk is None:
        return None
    if obj._meta.label_lower == "participants.participant":
        return obj.pk
    if getattr(obj, "participant_id", None) is not None:
        return obj.participant_id
    case = getattr(obj, "case", None) if hasattr(obj, "case_id") else None
    return getattr(case, "participant_id", None)
