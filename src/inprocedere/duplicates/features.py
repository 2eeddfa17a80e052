"""What linkage compares of a person: names in their romanisation-neutral forms, the birth
date with its precision, sex, citizenships, place of birth.

A `Record` is built once per person (a participant, its aliases, or a row being
imported) and then compared many times, so everything derived from the text is worked
out here, once: folded and normal forms (`romanisation.py`), Kölner Phonetik codes,
the name parts. Name parts repeat across a register (a million people share perhaps
fifty thousand distinct parts), so the per-part work is cached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from inprocedere.core.partial_dates import PartialDate, PartialDateError

from .romanisation import PARTICLES, folded_parts, joined_parts, normal_part, phonetic

SEXES = {"woman": "f", "man": "m"}  # non-binary and not stated: nothing to compare
EARLIEST_YEAR = 1900  # a year before is a placeholder ("0000", "0001"), not a birth date


@dataclass(frozen=True)
class Name:
    """One name field (the given names, or the family name) in every form compared."""

    folded: str = ""  # 'al hassan'
    normal: str = ""  # 'hasan' (romanisation rules, article dropped)
    parts: tuple[str, ...] = ()  # normal-form parts, for a middle name added or dropped
    phonetic: str = ""  # Kölner Phonetik of the parts that key, space-separated
    codes: tuple[str, ...] = ()  # the same codes, one per keyed part

    @property
    def empty(self) -> bool:
        return not self.normal


@dataclass(frozen=True)
class Spelling:
    given: Name
    family: Name
    alias_source: str | None = None  # None: the record's own name, else where the alias is used
    shown_given: str = ""  # as written, for the explanation
    shown_family: str = ""

    @property
    def shown(self) -> str:
        return f"{self.shown_given} {self.shown_family}".strip()


@dataclass
class Record:
    id: int | None
    spellings: list[Spelling]
    birth: PartialDate | None = None
    sex: str = ""  # 'f', 'm' or '' (unknown)
    citizenships: frozenset[str] = field(default_factory=frozenset)
    birth_place: str = ""  # normal form, '' when unknown
    birth_place_shown: str = ""

    @property
    def comparable(self) -> bool:
        """Enough to compare: a family name, and a given name or a birth date. Anything
        less is reported as too little to compare, never matched (docs/duplicates.md)."""
        own = self.spellings[0] if self.spellings else None
        if own is None or own.family.empty:
            return False
        return not own.given.empty or self.birth is not None


@lru_cache(maxsize=200_000)
def _part(part: str) -> tuple[str, str, bool]:
    """(normal form, phonetic code, keys) of one folded part."""
    normal = normal_part(part)
    return normal, phonetic(normal), part not in PARTICLES


@lru_cache(maxsize=200_000)
def name(text: str) -> Name:
    """The compared forms of one name field ('Al-Hassan' → folded 'al hassan',
    normal 'hasan', phonetic '086')."""
    folded = folded_parts(text or "")
    if not folded:
        return Name()
    normal, codes = [], []
    for part in joined_parts(folded):
        form, code, keys = _part(part)
        if form:
            normal.append(form)
            if keys and code:
                codes.append(code)
    return Name(
        folded=" ".join(folded),
        normal=" ".join(normal),
        parts=tuple(normal),
        phonetic=" ".join(codes),
        codes=tuple(codes),
    )


def birth_date(value) -> PartialDate | None:
    """A stored or entered birth date; placeholders and unreadable values are unknown."""
    if value in (None, ""):
        return None
    if not isinstance(value, PartialDate):
        try:
            value = PartialDate.parse(str(value))
        except (PartialDateError, ValueError, TypeError):
            return None
    if value.year < EARLIEST_YEAR:
        return None
    if value.month == 1 and value.day == 1:
        # 1 January is what offices enter for an unknown day and month (fictitious date):
        # it says the year, nothing more.
        return PartialDate(value.year)
    return value


def citizenship_codes(values) -> frozenset[str]:
    """ISO codes of a list of countries, of Country objects, or of a stored string.

    A stored string of several countries is comma-separated ("SY,IQ"); a string is never
    iterated letter by letter (the old bug: "IR" became {I, R} and matched TR)."""
    if not values:
        return frozenset()
    if isinstance(values, str):
        values = values.split(",")
    codes = (str(getattr(value, "code", value) or "").strip().upper() for value in values)
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha())


def spelling(given: str, family: str, alias_source: str | None = None) -> Spelling:
    given, family = (given or "").strip(), (family or "").strip()
    return Spelling(name(given), name(family), alias_source, given, family)


def record(
    *,
    id=None,
    family_name="",
    given_names="",
    birth=None,
    gender="",
    citizenships=(),
    birth_place="",
    aliases=(),
) -> Record:
    """The record of a person; `aliases` are (given, family, source) triples or Alias rows."""
    spellings = [spelling(given_names, family_name)]
    for alias in aliases:
        if not isinstance(alias, tuple):
            alias = (alias.given_names, alias.family_name, alias.source or "")
        spellings.append(spelling(alias[0], alias[1], alias[2] or ""))
    place = name(birth_place or "")
    return Record(
        id=id,
        spellings=spellings,
        birth=birth_date(birth),
        sex=SEXES.get(gender or "", ""),
        citizenships=citizenship_codes(citizenships),
        birth_place=place.normal,
        birth_place_shown=(birth_place or "").strip(),
    )
