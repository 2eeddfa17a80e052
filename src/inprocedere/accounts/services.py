"""Writes to accounts: API tokens and second-factor enrolment, each audited."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit

from .models import ApiToken, hash_token

MAX_TOKEN_DAYS = 366


@transaction.atomic
def token_create(*, actor, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new API token for `user`; returns the record and the raw token (shown once)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Please give the token a name.")})
    if len(name) > 100:
        raise ValidationError({"name": _("The name may have at most 100 characters.")})
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError(
            {"days": _("A token is valid for 1 to %(max)s days.") % {"max": MAX_TOKEN_DAYS}}
        )
    if actor != user and not actor.is_superuser:
        raise ValidationError(_("You can only create tokens for yourself."))
    raw, prefix = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        token_hash=hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit.record(
        "account.token.created",
        actor=actor,
        obj=token,
        detail={"user": user.get_username(), "name": name, "days": days, "prefix": prefix},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        raise ValidationError(_("This token has already been revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record("account.token.revoked", actor=actor, obj=token, detail={"prefix": token.prefix})
    return token


def token_user(raw: str):
    """The token and its user for a raw bearer token, or (None, None)."""
    if not raw or len(raw) > 200:
        return None, None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(token_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None, None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token, token.user


@transaction.atomic
def otp_device_confirm(*, user, device, request=None):
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record("auth.otp.enrolled", actor=user, request=request, detail={"device": device.name})
