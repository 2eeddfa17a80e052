"""What the case-work services share: the acting position, dates and choices."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.privacy import policy

from ..workflows import CaseStatus


def acting_position(actor, organisation):
    """The position through which `actor` acts for `organisation` (refused if none)."""
    position = policy.actor_for(actor).position_in(organisation.pk)
    if position is None:
        raise PermissionDenied("no position in the organisation")
    return position


def holds(actor, position) -> bool:
    return policy.actor_for(actor).holds(position)


def not_in_future(value: dt.date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("The date cannot lie in the future.")})


def not_before(value, earliest, field: str, message: str) -> None:
    if value is not None and earliest is not None and value < earliest:
        raise ValidationError({field: message})


def known_choice(value, choices, field: str, *, blank=False) -> None:
    if blank and value in ("", None):
        return
    if value not in choices.values:
        raise ValidationError({field: _("Unknown value: %(value)s") % {"value": value}})


def max_length(value: str, limit: int, field: str) -> None:
    if value and len(value) > limit:
        raise ValidationError(
            {field: _("At most %(limit)d characters, please.") % {"limit": limit}}
        )


def require_open(case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("This case is closed; nothing more can be recorded in it."))


def case_opened_on(case) -> dt.date:
    """The earliest day work in the case can be dated: the day it opened, or an earlier
    ESF entry date (entry recorded when the first meeting preceded the intake)."""
    opened = timezone.localdate(case.opened_at)
    if case.esf_entry_date and case.esf_entry_date < opened:
        return case.esf_entry_date
    return opened


def not_before_case(value, case, field: str) -> None:
    """Refuse a date before the case opened (an enrolment months before its case)."""
    earliest = case_opened_on(case)
    not_before(
        value,
        earliest,
        field,
        _("The date cannot lie before the case was opened (%(date)s).")
        % {"date": earliest.strftime("%d.%m.%Y")},
    )


def check_subproject(subproject, funding_period, organisation_id, message) -> None:
    """A sub-project of the case's organisation and of the case's funding period (a
    sub-project of 2009–2010 does not fund a case of 2022–2027)."""
    if subproject is None:
        return
    if subproject.organisation_id != organisation_id:
        raise ValidationError({"subproject": message})
    if funding_period is not None and subproject.funding_period_id != funding_period.pk:
        raise ValidationError(
            {
                "subproject": _(
                    "This sub-project belongs to another funding period (%(period)s); "
                    "please choose one of %(case_period)s."
                )
                % {"period": subproject.funding_period, "case_period": funding_period}
            }
        )


def is_case_position(position) -> bool:
    """Does the position do case work (not IT administration, not the ministry)?"""
    return bool(set(position.roles or ()) & policy.CASE_ROLES)


def check_case_position(position, field: str) -> None:
    """Refuse a position that does no case work, or one nobody would hear from: vacant
    and without a deputy."""
    if not is_case_position(position):
        raise ValidationError(
            {
                field: _(
                    "%(position)s does no case work; please choose a position that takes "
                    "referrals and cases."
                )
                % {"position": position.title}
            }
        )
    if position.is_vacant and position.deputy_id is None:
        raise ValidationError(
            {
                field: _(
                    "%(position)s is vacant and has no deputy: nobody would see it. Please "
                    "choose another position or the organisation as a whole."
                )
                % {"position": position.title}
            }
        )


def case_start(case) -> dt.date:
    """The earliest date case work can refer to: ESF entry, else the day it opened."""
    if case.esf_entry_date:
        return case.esf_entry_date
    return timezone.localdate(case.opened_at)
