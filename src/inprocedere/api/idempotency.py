"""`Idempotency-Key` for every POST of the API: a retry answers what the first did.

A client that lost the answer to a POST (timeout, broken connection, a server killed
between commit and response) cannot know whether the write happened. Sent again with
the same key and body, the request is not run again: the stored answer of the first
comes back (header `Idempotent-Replayed: true`). The key, a hash of method, path and
body, and the answer are stored in the transaction of the write itself, so either both
are committed or neither. The same key with another request is refused (422). Keys
belong to the user and are kept for `IDEMPOTENCY_KEY_HOURS` (24).

Only successful answers (2xx) are stored: a refused request wrote nothing, and running
it again answers the same (or, once the client fixed its input, succeeds).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.accounts.models import IdempotentRequest
from inprocedere.accounts.services import token_user

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as in HTTP header values
PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": KEY.pattern},
    "description": "Any unique string (e.g. a UUID). A retry with the same key and body "
    "answers what the first request did and writes nothing again; the same key with "
    "another request is refused (422). Keys are kept 24 hours.",
}


def _json(status: int, message: str) -> HttpResponse:
    return HttpResponse(
        json.dumps({"detail": message}), status=status, content_type="application/json"
    )


def _caller(request):
    """The user the request acts for: the bearer token's, else the signed-in session's."""
    authorization = request.headers.get("Authorization", "")
    if authorization[:7].lower() == "bearer ":
        return token_user(authorization[7:].strip())[1]
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _request_hash(request) -> str:
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    if request.content_type == "multipart/form-data":
        # Uploads may exceed the in-memory body limit: hash the parsed parts instead.
        for name, values in sorted(request.POST.lists()):
            digest.update(repr((name, values)).encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(repr((name, upload.name)).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _replay(user, key: str, digest: str) -> HttpResponse:
    stored = IdempotentRequest.objects.get(user=user, key=key)
    if stored.request_hash != digest:
        return _json(
            422,
            _(
                "This Idempotency-Key was already used for another request. "
                "Use a new key for a new request."
            ),
        )
    response = HttpResponse(bytes(stored.body), status=stored.status)
    response["Content-Type"] = stored.content_type
    response[REPLAYED] = "true"
    return response


def _forget_old() -> None:
    hours = getattr(settings, "IDEMPOTENCY_KEY_HOURS", 24)
    cutoff = timezone.now() - dt.timedelta(hours=hours)
    IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()


def idempotent(view):
    """Wrap an API view: POSTs with an `Idempotency-Key` run once per key and body."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return view(request, *args, **kwargs)
        if not KEY.match(key):
            return _json(422, _("The Idempotency-Key must be 1 to 255 visible ASCII characters."))
        user = _caller(request)
        if user is None:
            return view(request, *args, **kwargs)  # answered 401 there
        try:
            digest = _request_hash(request)
        except RequestDataTooBig:
            from .errors import body_too_large_message

            return _json(413, body_too_large_message())
        _forget_old()
        with transaction.atomic():
            try:
                # Claims the key: a concurrent twin waits on the unique index until this
                # transaction ends, then finds the stored answer.
                with transaction.atomic():
                    claim = IdempotentRequest.objects.create(
                        user=user, key=key, request_hash=digest, status=0
                    )
            except IntegrityError:
                return _replay(user, key, digest)
            response = view(request, *args, **kwargs)
            if 200 <= response.status_code < 300 and not response.streaming:
                claim.status = response.status_code
                claim.content_type = response.get("Content-Type", "")
                claim.body = response.content
                claim.save(update_fields=["status", "content_type", "body"])
            else:
                claim.delete()
            return response

    return wrapper


def document(schema: dict) -> dict:
    """Add the header to every POST operation of the OpenAPI schema."""
    for operations in schema.get("paths", {}).values():
        post = operations.get("post")
        if post is not None:
            post.setdefault("parameters", []).append(dict(PARAMETER))
    return schema
