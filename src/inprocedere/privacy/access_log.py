"""Writing the access log: every read and change of a participant's personal data, and
every refused attempt, with the categories, purpose and basis the policy decided.

The request being served is remembered in a context variable (`AccessContextMiddleware`)
so that selectors deep below a view can log the page's or API call's address and
channel without every caller passing the request down.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable

from .models import AccessLogEntry

_current_request: contextvars.ContextVar = contextvars.ContextVar(
    "inprocedere_access_request", default=None
)


class AccessContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


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
    """Append one entry per participant (a single insert); `basis` may be one string for
    all or {participant id: basis}. Returns the number of entries written."""
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
    entries = [
        AccessLogEntry(
            user=user if authenticated else None,
            user_label=label[:200],
            organisation=organisation,
            participant_id=pk,
            action=action,
            channel=channel or channel_of(request),
            categories=sorted(categories) if not isinstance(categories, dict) else [],
            purpose=purpose[:40],
            basis=str(bases.get(pk, ""))[:200],
            # The path without its query: a search for a name must not land in the log.
            path=(request.path[:300] if request is not None else ""),
        )
        for pk in ids
    ]
    AccessLogEntry.objects.bulk_create(entries)
    return len(entries)
