"""Names of countries and languages in the reader's language, from the Unicode CLDR
(Babel), instead of ISO codes: "Persisch (Farsi)" for `fa`, "Syrien" for `SY`.

django-countries' own catalogue leaves some German names in English ("Hong Kong");
`country_overrides()` hands it CLDR's names (settings.COUNTRIES_OVERRIDE), so every
country list and `Country.name` of the project reads the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.utils.functional import lazy
from django.utils.translation import get_language

# Where CLDR's name is not the one used in German offices (the Federal Foreign Office's
# list of state names) or needs the everyday name beside it.
COUNTRY_NAMES = {
    "de": {"HK": "Hongkong", "MO": "Macau", "IM": "Insel Man"},
    "en": {"HK": "Hong Kong", "MO": "Macao"},
}
LANGUAGE_NAMES = {
    "de": {
        "fa": "Persisch (Farsi)",
        "prs": "Dari",
        "ckb": "Kurdisch (Sorani)",
        "kmr": "Kurdisch (Kurmandschi)",
        "ku": "Kurdisch",
    },
    "en": {
        "fa": "Persian (Farsi)",
        "prs": "Dari",
        "ckb": "Kurdish (Sorani)",
        "kmr": "Kurdish (Kurmanji)",
    },
}
# Languages most often spoken by the people the network works with, first in pickers.
COMMON_LANGUAGES = (
    "de", "ar", "fa", "prs", "ps", "ku", "kmr", "ckb", "tr", "ti", "so", "ru", "uk",
    "sq", "sr", "ro", "fr", "en", "ur", "am",
)  # fmt: skip


def _language() -> str:
    return (get_language() or "de").split("-")[0]


@lru_cache(maxsize=8)
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def country_name(code: str, fallback="") -> str:
    language = _language()
    return (
        COUNTRY_NAMES.get(language, {}).get(code)
        or _locale(language).territories.get(code)
        or str(fallback or code)
    )


def language_name(code: str) -> str:
    """The language's name ("Persisch (Farsi)"), or the code itself if CLDR has none."""
    language = _language()
    code = (code or "").strip()
    return (
        LANGUAGE_NAMES.get(language, {}).get(code) or _locale(language).languages.get(code) or code
    )


def known_language(code: str) -> bool:
    """An ISO 639 code CLDR knows (two letters, or three for Dari, Kurmanji …)."""
    return bool(code) and (
        code in _locale("en").languages or any(code in names for names in LANGUAGE_NAMES.values())
    )


def language_choices() -> list[tuple[str, str]]:
    """(code, name) for a picker: the common languages first, then all others by name."""
    names = _locale(_language()).languages
    common = [(code, language_name(code)) for code in COMMON_LANGUAGES]
    rest = sorted(
        ((code, language_name(code)) for code in names if len(code) in (2, 3)),
        key=lambda pair: pair[1].lower(),
    )
    seen = {code for code, _name in common}
    return common + [pair for pair in rest if pair[0] not in seen]


def country_overrides() -> dict:
    """{ISO code: lazy CLDR name} for settings.COUNTRIES_OVERRIDE."""
    from django_countries.data import COUNTRIES

    lazy_name = lazy(country_name, str)
    return {code: lazy_name(code, name) for code, name in COUNTRIES.items()}


@lru_cache(maxsize=4)
def _by_name(language: str) -> dict[str, str]:
    """{lower-case name: code} in `language` and in English, with the project's own names."""
    found = {}
    for lang in ("en", language):
        for code, name in _locale(lang).languages.items():
            found.setdefault(name.lower(), code)
        for code, name in LANGUAGE_NAMES.get(lang, {}).items():
            found[name.lower()] = code
    return found


def parse_language(word: str) -> str | None:
    """A language as typed ("Arabisch", "arabic", "ar", "Persisch (Farsi)") as its code,
    or None when it is no language CLDR knows."""
    word = (word or "").strip()
    if not word:
        return None
    if known_language(word.lower()):
        return word.lower()
    return _by_name(_language()).get(word.lower())


def split_languages(text: str) -> list[str]:
    """Comma- or semicolon-separated languages as typed ("Arabisch, ku; Deutsch")."""
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


# Levels as typed: the CEFR's, and the first language ("native" in the data).
NATIVE = "native"
LEVEL_WORDS = {
    **{level.lower(): level for level in ("A1", "A2", "B1", "B2", "C1", "C2")},
    "native": NATIVE,
    "muttersprache": NATIVE,
    "erstsprache": NATIVE,
}


def level_label(level: str) -> str:
    from django.utils.translation import gettext

    return gettext("native language") if level == NATIVE else level


def language_level_label(code: str, level: str | None) -> str:
    """ "Persisch (Farsi) – B1": how pages show a language with its level, and how the
    needs assessment takes it back."""
    name = language_name(code)
    return f"{name} – {level_label(level)}" if level else name


def parse_language_levels(text: str, *, level_required: bool) -> list[tuple[str, str | None]]:
    """Languages as typed, each optionally with its level ("Persisch (Farsi) – B1",
    "Deutsch A2", "de: native", "ar ku"), as [(code, level or None)]: the person form and
    the needs assessment read them alike and refuse alike. Raises ValidationError."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    result, unknown = [], []
    for part in split_languages(text):
        # The page's own spelling comes back too: "Arabisch – Muttersprache", "– native language".
        part = part.replace("–", " ").replace(" - ", " ").replace(":", " ")
        words = re.sub(r"\bnative language\b", "native", part, flags=re.IGNORECASE).split()
        level = LEVEL_WORDS.get(words[-1].lower()) if len(words) > 1 else None
        name = " ".join(words[:-1] if level else words)
        code = parse_language(name)
        if code is None and not level and len(words) > 1:  # "ar ku": codes by spaces
            codes = [parse_language(word) for word in words]
            if all(codes):
                result.extend((each, None) for each in codes)
                continue
        if code is None:
            unknown.append(name)
        elif level is None and level_required:
            raise ValidationError(
                gettext("Please write each language with its level, e.g. “Deutsch A2”.")
            )
        else:
            result.append((code, level))
    if unknown:
        raise ValidationError(
            gettext("Unknown language: %(names)s. Please give its name or its ISO code.")
            % {"names": ", ".join(unknown)}
        )
    return list(dict.fromkeys(result))
