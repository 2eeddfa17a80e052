"""What the cooperation services share: acting positions, dates, texts, consent."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.network.models import Position, Tenure
from inprocedere.privacy import policy

from .errors import ConsentMissing

TEXT_LIMIT = 4000


def acting_position(actor, position):
    """`position` if `actor` holds it; else, while it is vacant, its deputy if `actor` holds
    that; else None. This is how a deputy stands in for a vacant position."""
    holder = policy.actor_for(actor)
    if holder.holds(position):
        return position
    if position.deputy_id and position.deputy_id in holder.position_ids and is_vacant(position):
        return next(p for p in holder.positions if p.pk == position.deputy_id)
    return None


def is_vacant(position) -> bool:
    return not Tenure.objects.current().filter(position=position).exists()


def own_position(actor, position, field: str):
    if position is None or not policy.actor_for(actor).holds(position):
        raise ValidationError({field: _("Please choose a position you hold.")})
    return position


def active_position(position, field: str, message: str | None = None):
    if position is None or not isinstance(position, Position) or not position.is_active:
        raise ValidationError({field: message or _("Please choose an active position.")})
    return position


def text(value, field: str, *, required: bool = True, limit: int = TEXT_LIMIT, message=None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: message or _("This field is required.")})
    if len(value) > limit:
        raise ValidationError(
            {field: _("At most %(limit)d characters, please.") % {"limit": limit}}
        )
    return value


def not_in_past(value: dt.date | None, field: str) -> dt.date:
    if value is None:
        raise ValidationError({field: _("Please give a date.")})
    if value < timezone.localdate():
        raise ValidationError({field: _("The date cannot lie in the past.")})
    return value


def not_in_future(value: dt.date, field: str) -> dt.date:
    if value > timezone.localdate():
        raise ValidationError({field: _("The date cannot lie in the future.")})
    return value


def known(value, choices, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("Unknown value: %(value)s") % {"value": value}})
    return value


def require_consent(participant, organisations, purpose, *, field: str):
    """{organisation id: consent} for every organisation, or ConsentMissing naming those
    without a valid consent for `purpose`."""
    from inprocedere.privacy.models import Purpose

    found, missing = {}, []
    for organisation in organisations:
        consent = policy.consent_covers(participant, organisation, purpose)
        if consent is None:
            missing.append(organisation)
        else:
            found[organisation.pk] = consent
    if missing:
        raise ConsentMissing(
            participant, missing, Purpose(purpose).label, field=field, purpose=purpose
        )
    return found
