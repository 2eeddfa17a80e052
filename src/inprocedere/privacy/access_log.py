"""Writing the access log: every read and change of a participant's personal data, and
every refused attempt, with the categories, purpose and basis the policy decided.

One row names every person read under the same basis (decision 0018), and a request
writes its reads once, at its end: the middleware collects what the selectors deep below
a view report (with the page's or API call's address and channel, which they need not be
told) and writes it in one INSERT when the response is ready, whatever happened. Changes
(`Action.WRITE`) are written at once, inside the transaction that makes them, so a change
rolled back leaves no entry. Outside a request (tasks, commands) every call writes at once.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable

from .models import AccessLogEntry

_current_request: contextvars.ContextVar = contextvars.ContextVar(
    "inprocedere_access_request", default=None
)
_pending: contextvars.ContextVar = contextvars.ContextVar(
    "inprocedere_access_pending", default=None
)


class AccessContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        pending: dict = {}
        pending_token = _pending.set(pending)
        try:
            return self.get_response(request)
        finally:
            _pending.reset(pending_token)
            _current_request.reset(token)
            flush(pending)


def flush(pending: dict) -> int:
    """Write what a request collected: one INSERT, one row per distinct basis."""
    if not pending:
        return 0
    AccessLogEntry.objects.bulk_create(pending.values())
    return len(pending)


def current_request():
    return _current_request.get()


def channel_of(request) -> str:
    """The channel of the request being served: API, a PDF or export download, or a page."""
    if request is None:
        return AccessLogEntry.Channel.SYSTEM
    path = request.path
    if path.startswith("/api/"):
        return AccessLogEntry.Channel.API
    if path.endswith(".pdf"):
        return AccessLogEntry.Channel.PDF
    if "export" in path or path.endswith((".csv", ".xlsx", ".zip")):
        return AccessLogEntry.Channel.EXPORT
    return AccessLogEntry.Channel.PAGE


def record(
    user,
    participant_ids: Iterable[int],
    *,
    action: str = AccessLogEntry.Action.READ,
    categories: Iterable[str] = (),
    purpose: str = "",
    basis: str | dict = "",
    organisation=None,
    channel: str | None = None,
) -> int:
    """Log an access to these participants; `basis` may be one string for all or
    {participant id: basis}. People read under the same basis share one row. Returns the
    number of people logged."""
    request = current_request()
    ids = list(dict.fromkeys(int(pk) for pk in participant_ids))
    if not ids:
        return 0
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    label = user.get_username() if authenticated else "system"
    token = getattr(request, "api_token", None) if request is not None else None
    if token is not None:
        label = f"{label} (API token {token.pk})"
    bases = basis if isinstance(basis, dict) else dict.fromkeys(ids, basis)
    common = {
        "user": user if authenticated else None,
        "user_label": label[:200],
        "organisation": organisation,
        "action": action,
        "channel": channel or channel_of(request),
        "categories": sorted(categories) if not isinstance(categories, dict) else [],
        "purpose": purpose[:40],
        # The path without its query: a search for a name must not land in the log.
        "path": (request.path[:300] if request is not None else ""),
    }
    by_basis: dict[str, list[int]] = {}
    for pk in ids:
        by_basis.setdefault(str(bases.get(pk, ""))[:200], []).append(pk)
    pending = _pending.get()
    if pending is None or action == AccessLogEntry.Action.WRITE:
        AccessLogEntry.objects.bulk_create(
            AccessLogEntry(participant_ids=group, basis=key, **common)
            for key, group in by_basis.items()
        )
        return len(ids)
    for key, group in by_basis.items():
        _collect(pending, common, key, group)
    return len(ids)


def _collect(pending: dict, common: dict, basis: str, ids: list[int]) -> None:
    user = common["user"]
    organisation = common["organisation"]
    key = (
        user.pk if user is not None else None,
        common["user_label"],
        organisation.pk if organisation is not None else None,
        common["action"],
        common["channel"],
        tuple(common["categories"]),
        common["purpose"],
        basis,
        common["path"],
    )
    entry = pending.get(key)
    if entry is None:
        pending[key] = AccessLogEntry(participant_ids=list(ids), basis=basis, **common)
    else:
        entry.participant_ids.extend(pk for pk in ids if pk not in entry.participant_ids)
