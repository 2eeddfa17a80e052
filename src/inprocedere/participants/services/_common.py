"""What the participant services share: field checks and the registering organisation."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core.names import known_language
from inprocedere.core.partial_dates import PartialDate, PartialDateError
from inprocedere.privacy import policy

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def as_partial_date(value, field: str) -> PartialDate | None:
    if value in (None, ""):
        return None
    if isinstance(value, PartialDate):
        return value
    try:
        return PartialDate.parse(str(value))
    except PartialDateError:
        raise ValidationError(
            {field: _("Enter a date as DD.MM.YYYY, MM/YYYY or YYYY (or YYYY-MM-DD, YYYY-MM).")}
        ) from None


def check_birth_date(birth_date: PartialDate | None) -> None:
    if birth_date is not None and birth_date.is_in_future(timezone.localdate()):
        raise ValidationError({"birth_date": _("The date of birth lies in the future.")})


def check_languages(languages) -> list[str]:
    languages = [str(code).strip().lower() for code in languages or []]
    wrong = [
        code for code in languages if not LANGUAGE_CODE.match(code) or not known_language(code)
    ]
    if wrong:
        raise ValidationError(
            {
                "languages": _("Not a language code (ISO 639-1, e.g. ar, fa, ti): %(codes)s")
                % {"codes": ", ".join(wrong)}
            }
        )
    return list(dict.fromkeys(languages))


def check_citizenship(citizenships, stateless: bool) -> None:
    if stateless and citizenships:
        raise ValidationError(
            {"stateless": _("A stateless person has no citizenship; remove one or the other.")}
        )


def check_period(valid_from, valid_until, *, field="valid_until") -> None:
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({field: _("The end date lies before the start date.")})


def registering_organisation(actor, registering_position=None):
    """The organisation a new participant is registered by: that of the actor's position."""
    positions = policy.actor_for(actor).case_positions
    if registering_position is not None:
        if registering_position not in positions:
            raise ValidationError(
                {"registering_position": _("You do not hold this position at present.")}
            )
        return registering_position.organisation
    organisations = {position.organisation_id: position.organisation for position in positions}
    if len(organisations) != 1:
        raise ValidationError(
            {
                "registering_position": _(
                    "You work for several organisations: choose the position you register for."
                )
            }
        )
    return next(iter(organisations.values()))


def full_clean(instance, exclude=()) -> None:
    """Model validation (lengths, choices, formats); field errors keyed by field name.

    Constraints are checked by the services themselves, with messages that say more.
    """
    instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
