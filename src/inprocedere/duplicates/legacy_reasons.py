"""Reasons as pairs stored them before the likelihood model (kept for merges recorded then,
whose reasons are shown on the merge page): code -> text with and without names."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_TEXTS = {
    "same_name": (
        gettext_lazy("Same name: %(name)s."),
        gettext_lazy("Same name."),
    ),
    "swapped": (
        gettext_lazy("Same name with given and family names swapped: %(name)s."),
        gettext_lazy("Same name with given and family names swapped."),
    ),
    "transliteration": (
        gettext_lazy("Another spelling of the name: %(name)s."),
        gettext_lazy("Another spelling (transliteration) of the name."),
    ),
    "swapped_transliteration": (
        gettext_lazy("Another spelling of the name, given and family names swapped: %(name)s."),
        gettext_lazy("Another spelling of the name, given and family names swapped."),
    ),
    "phonetic": (
        gettext_lazy("The name sounds alike (Kölner Phonetik): %(name)s."),
        gettext_lazy("The name sounds alike (Kölner Phonetik)."),
    ),
    "part_missing": (
        gettext_lazy("The same name with a part missing: %(name)s."),
        gettext_lazy("The same name with a part missing."),
    ),
    "similar": (
        gettext_lazy("Similar name: %(name)s."),
        gettext_lazy("Similar name."),
    ),
    "same_birth_date": (
        gettext_lazy("Same date of birth (%(date)s)."),
        gettext_lazy("Same date of birth."),
    ),
    "compatible_birth_date": (
        gettext_lazy("Compatible date of birth (%(date)s); one of the dates is incomplete."),
        gettext_lazy("Compatible date of birth; one of the dates is incomplete."),
    ),
    "transposed_birth_date": (
        gettext_lazy("Day and month of the date of birth swapped (%(date)s, %(other)s)."),
        gettext_lazy("Day and month of the date of birth swapped."),
    ),
    "unknown_birth_date": (
        gettext_lazy("Date of birth unknown on one side."),
        gettext_lazy("Date of birth unknown on one side."),
    ),
    "same_citizenship": (
        gettext_lazy("Same citizenship (%(countries)s)."),
        gettext_lazy("Same citizenship."),
    ),
    "different_citizenship": (
        gettext_lazy("Different citizenships (%(countries)s; %(other)s)."),
        gettext_lazy("Different citizenships."),
    ),
}


def _render(code):
    def render(params: dict, with_names: bool) -> str:
        named, anonymous = _TEXTS[code]
        if not with_names:
            return str(anonymous)
        text = str(named)
        try:
            text = text % params if "%(" in text else text
        except (KeyError, TypeError, ValueError):
            return str(anonymous)
        if params.get("alias_source") is not None:
            text += " " + _("(an alias, used by/on: %(source)s)") % {
                "source": params["alias_source"] or "–"
            }
        return text

    return render


LEGACY = {code: _render(code) for code in _TEXTS}
