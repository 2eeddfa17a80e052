"""Why two records may be one person: reason codes, rendered in the reader's language.

Reasons are stored as codes with parameters (`{"code": "transliteration", "params":
{...}}`) and turned into text when shown, so a German reader reads German and the
coordinator, who must not see names, reads the same reasons without them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# code -> (text with the names, text without names)
TEXTS = {
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


def reason(code: str, **params) -> dict:
    if code not in TEXTS:
        raise KeyError(code)
    return {"code": code, "params": {k: v for k, v in params.items() if v is not None}}


def render(item: dict, *, with_names: bool = True) -> str:
    """One reason as text in the active language."""
    named, anonymous = TEXTS[item["code"]]
    if not with_names:
        return str(anonymous)
    params = dict(item.get("params") or {})
    text = str(named) % params if "%(" in str(named) else str(named)
    if params.get("alias_source") is not None:
        text += " " + _("(an alias, used by/on: %(source)s)") % {
            "source": params["alias_source"] or "–"
        }
    return text


def render_all(items, *, with_names: bool = True) -> list[str]:
    return [render(item, with_names=with_names) for item in items]
