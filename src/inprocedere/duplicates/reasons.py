"""Why two records may be one person: the explanation of every comparison, rendered in
the reader's language.

A pair keeps its explanation as codes with parameters and weights
(`{"code": "given.romanised", "params": {...}, "weight": 5.1}`), turned into text when
shown: a German reader reads German, and the coordinator, who must not see names, reads
the same explanation without them. Countries are stored as ISO codes and shown by name.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .legacy_reasons import LEGACY

_NAME = {
    "exact": (_("%(field)s: the same (%(one)s)."), _("%(field)s: the same.")),
    "romanised": (
        _("%(field)s: another spelling, transliterated (%(one)s / %(other)s)."),
        _("%(field)s: another spelling (transliteration)."),
    ),
    "parts": (
        _("%(field)s: the same but for an added or dropped part (%(one)s / %(other)s)."),
        _("%(field)s: the same but for an added or dropped part."),
    ),
    "phonetic": (
        _("%(field)s: sound alike by Kölner Phonetik (%(one)s / %(other)s)."),
        _("%(field)s: sound alike (Kölner Phonetik)."),
    ),
    "jw92": (
        _("%(field)s: very similar (%(one)s / %(other)s)."),
        _("%(field)s: very similar."),
    ),
    "jw85": (_("%(field)s: similar (%(one)s / %(other)s)."), _("%(field)s: similar.")),
    "else": (_("%(field)s: different (%(one)s / %(other)s)."), _("%(field)s: different.")),
    "null": (
        _("%(field)s: missing on one side, not compared."),
        _("%(field)s: missing on one side, not compared."),
    ),
}
_FIELDS = {"given": _("Given names"), "family": _("Family name")}

TEXTS = {
    "birth.day": (_("Same date of birth (%(one)s)."), _("Same date of birth.")),
    "birth.same_coarse": (
        _("Same date of birth, as coarse on both sides (%(one)s)."),
        _("Same date of birth, as coarse on both sides."),
    ),
    "birth.estimated": (
        _(
            "Dates of birth one or two years apart, one without the day, as with an "
            "estimated age (%(one)s / %(other)s)."
        ),
        _("Dates of birth one or two years apart, one without the day, as with an estimated age."),
    ),
    "birth.month": (
        _("Compatible date of birth, one without the day (%(one)s / %(other)s)."),
        _("Compatible date of birth, one without the day."),
    ),
    "birth.year": (
        _("Compatible date of birth, one with the year only (%(one)s / %(other)s)."),
        _("Compatible date of birth, one with the year only."),
    ),
    "birth.swapped": (
        _("Day and month of the date of birth swapped (%(one)s / %(other)s)."),
        _("Day and month of the date of birth swapped."),
    ),
    "birth.same_year": (
        _("Born in the same year, on another day (%(one)s / %(other)s)."),
        _("Born in the same year, on another day."),
    ),
    "birth.one_year": (
        _("Full dates of birth one year apart (%(one)s / %(other)s)."),
        _("Full dates of birth one year apart."),
    ),
    "birth.two_years": (
        _("Full dates of birth two years apart (%(one)s / %(other)s)."),
        _("Full dates of birth two years apart."),
    ),
    "birth.else": (
        _("Different dates of birth (%(one)s / %(other)s)."),
        _("Different dates of birth."),
    ),
    "birth.null": (
        _("Date of birth unknown on one side, not compared."),
        _("Date of birth unknown on one side, not compared."),
    ),
    "sex.same": (_("Same sex."), _("Same sex.")),
    "sex.else": (_("Different sex."), _("Different sex.")),
    "sex.null": (_("Sex not stated on one side, not compared."),) * 2,
    "citizenship.common": (
        _("Same citizenship (%(countries)s)."),
        _("Same citizenship (%(countries)s)."),
    ),
    "citizenship.else": (
        _("No citizenship in common (%(one)s / %(other)s)."),
        _("No citizenship in common (%(one)s / %(other)s)."),
    ),
    "citizenship.null": (_("Citizenship unknown on one side, not compared."),) * 2,
    "place.exact": (_("Same place of birth (%(one)s)."), _("Same place of birth.")),
    "place.jw88": (
        _("Similar place of birth (%(one)s / %(other)s)."),
        _("Similar place of birth."),
    ),
    "place.else": (
        _("Different places of birth (%(one)s / %(other)s)."),
        _("Different places of birth."),
    ),
    "place.null": (_("Place of birth unknown on one side, not compared."),) * 2,
    "swapped": (
        _("Given and family names swapped on one record; compared crosswise."),
        _("Given and family names swapped on one record; compared crosswise."),
    ),
    "alias": (
        _("Matched through another spelling of the record (an alias, used by/on: %(source)s)."),
        _("Matched through another spelling of the record (an alias)."),
    ),
}


def reason(code: str, weight: float | None = None, **params) -> dict:
    if code not in TEXTS and code not in LEGACY and code.split(".")[0] not in _FIELDS:
        raise KeyError(code)
    item = {"code": code, "params": {k: v for k, v in params.items() if v is not None}}
    if weight is not None:
        item["weight"] = round(weight, 2)
    return item


def _countries(codes) -> str:
    from django_countries import countries

    return ", ".join(str(countries.name(code) or code) for code in codes or ())


def _text(code: str, params: dict, with_names: bool) -> str:
    comparison, _dot, level = code.partition(".")
    if comparison in _FIELDS and level in _NAME:
        named, anonymous = _NAME[level]
        params = {**params, "field": _FIELDS[comparison]}
    elif code in TEXTS:
        named, anonymous = TEXTS[code]
    elif code in LEGACY:
        return LEGACY[code](params, with_names)
    else:
        return gettext("A comparison no longer in use.")
    if comparison == "citizenship":
        params = {
            **params,
            "countries": _countries(params.get("countries")),
            "one": _countries(params.get("one")),
            "other": _countries(params.get("other")),
        }
    text = str(named if with_names else anonymous)
    try:
        return text % params if "%(" in text else text
    except (KeyError, TypeError, ValueError):
        return str(anonymous) % params if "%(field)" in str(anonymous) else str(anonymous)


def render(item: dict, *, with_names: bool = True) -> str:
    """One comparison as text in the active language (with its weight, if it has one)."""
    params = dict(item.get("params") or {})
    text = _text(item["code"], params, with_names)
    frequency = params.get("frequency")
    if frequency is not None and with_names:
        text += " " + gettext("(%(share)s %% of the register have this name)") % {
            "share": f"{100 * frequency:.2g}"
        }
    return text


def weight_of(item: dict) -> float | None:
    return item.get("weight")


def render_all(items, *, with_names: bool = True) -> list[str]:
    return [render(item, with_names=with_names) for item in items]
