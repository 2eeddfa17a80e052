"""Idle and absolute limits on a signed-in session."""

import time

AUTH_AT = "inprocedere_auth_at"
SEEN_AT = "inprocedere_seen_at"


def mark_authenticated(request):
    now = int(time.time())
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now


def expiry_reason(request, *, idle_limit, absolute_limit, now=None):
    """'idle' or 'absolute' when the session has run out, else None."""
    now = int(now or time.time())
    auth_at = request.session.get(AUTH_AT)
    seen_at = request.session.get(SEEN_AT)
    if auth_at is None or seen_at is None:
        return "absolute"
    if now - auth_at > absolute_limit:
        return "absolute"
    if now - seen_at > idle_limit:
        return "idle"
    return None
