"""Comparing two people: blocking keys, and a score from 0.0 to 1.0 with its reasons.

Pure functions over `Person` (no database), so the rules can be tested on a hand-made
set of spellings and reused at registration, at import and across the register.

Scoring
-------
name similarity (the best of every spelling of one against every spelling of the
other: the name and each alias; as given + family and swapped):

====================================================  =====
both spellings identical after folding               1.00
identical, given and family names swapped            0.97
identical after the romanisation rules               0.95
identical after the rules, swapped                   0.93
same Kölner Phonetik codes, part by part             0.90
one name has an extra part (middle name, "bin X")    0.88
otherwise rapidfuzz (token sort ratio, ratio) as found
====================================================  =====

Below `NAME_THRESHOLD` two records are not a candidate pair. The birth date multiplies
(same 1.0, compatible because one is less precise 0.95, unknown on one side 0.85, day
and month swapped 0.8; incompatible: not a candidate), as does citizenship (a shared
one 1.0, unknown 0.97, none shared 0.85).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz

from inprocedere.core.partial_dates import PartialDate

from .reasons import reason
from .romanisation import folded_parts, keyed_parts, normal_parts, phonetic

NAME_THRESHOLD = 0.80
DATE_FACTOR = {"same": 1.0, "compatible": 0.95, "unknown": 0.85, "transposed": 0.8}
CITIZENSHIP_FACTOR = {"same": 1.0, "unknown": 1.0, "different": 0.85}
MAX_PARTS_FOR_PAIR_KEYS = 5
KEY_LENGTH = 100


@dataclass(frozen=True)
class Spelling:
    given_names: str
    family_name: str
    alias_source: str | None = None  # None: the record's own name; else an alias

    @property
    def display(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


@dataclass
class Person:
    """What duplicate detection knows of a person (a participant, or a row of an import)."""

    id: int | None
    spellings: list[Spelling]
    birth_date: PartialDate | None = None
    citizenships: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, family_name, given_names, birth_date=None, citizenships=(), id=None, aliases=()):
        spellings = [Spelling(given_names or "", family_name or "")]
        spellings += [
            Spelling(alias.given_names or "", alias.family_name or "", alias.source or "")
            for alias in aliases
        ]
        codes = frozenset(str(getattr(c, "code", c)).upper() for c in citizenships or () if c)
        return cls(id=id, spellings=spellings, birth_date=birth_date, citizenships=codes)


@dataclass
class Match:
    score: float
    reasons: list[dict]
    name_kind: str


# --- blocking keys ------------------------------------------------------------------------


def _codes(name: str) -> list[str]:
    return [code for part in keyed_parts(name) if (code := phonetic(part))]


def keys_for(person: Person) -> set[str]:
    """The blocking keys of a person: people sharing none are never compared.

    - ``n:`` the phonetic codes of all given names and of all family names, as a sorted
      pair: insensitive to spelling, transliteration and swapped names;
    - ``p:`` every pair of single name parts (up to five parts), sorted: a middle name
      added or left out;
    - ``d:`` each of given and family names with the full date of birth: one name
      changed (marriage, a nickname) but born on the same day.
    """
    keys = set()
    date = person.birth_date.isoformat() if person.birth_date and person.birth_date.day else ""
    for spelling in person.spellings:
        given = "".join(_codes(spelling.given_names))
        family = "".join(_codes(spelling.family_name))
        if given or family:
            keys.add("n:" + "|".join(sorted((given, family))))
        parts = _codes(spelling.given_names) + _codes(spelling.family_name)
        if len(parts) > 2:
            for one, other in combinations(sorted(set(parts))[:MAX_PARTS_FOR_PAIR_KEYS], 2):
                keys.add(f"p:{one}|{other}")
        if date:
            for code in (given, family):
                if code:
                    keys.add(f"d:{code}|{date}")
    return {key[:KEY_LENGTH] for key in keys}


# --- names --------------------------------------------------------------------------------


def _folded(given: str, family: str) -> str:
    return " ".join(folded_parts(given) + folded_parts(family))


def _normal(given: str, family: str) -> str:
    return " ".join(normal_parts(given) + normal_parts(family))


def _phonetic(given: str, family: str) -> list[str]:
    return sorted(_codes(given) + _codes(family))


def name_similarity(one: Spelling, other: Spelling) -> tuple[float, str]:
    """(similarity 0..1, kind) of two spellings."""
    g1, f1, g2, f2 = one.given_names, one.family_name, other.given_names, other.family_name
    folded = _folded(g1, f1)
    if not folded or not _folded(g2, f2):
        return 0.0, ""
    if folded == _folded(g2, f2):
        return 1.0, "same_name"
    if folded == _folded(f2, g2):
        return 0.97, "swapped"
    normal, normal_other = _normal(g1, f1), _normal(g2, f2)
    if normal and normal == normal_other:
        return 0.95, "transliteration"
    if normal and normal == _normal(f2, g2):
        return 0.93, "swapped_transliteration"
    phonetic_one = _phonetic(g1, f1)
    if phonetic_one and phonetic_one == _phonetic(g2, f2):
        return 0.90, "phonetic"
    best = 0.0
    for theirs in (normal_other, _normal(f2, g2)):
        best = max(
            best,
            fuzz.token_sort_ratio(normal, theirs) / 100,
            fuzz.ratio(normal.replace(" ", ""), theirs.replace(" ", "")) / 100,
        )
    mine, theirs = set(normal.split()), set(normal_other.split())
    if min(len(mine), len(theirs)) >= 2 and (mine < theirs or theirs < mine):
        return max(best, 0.88), "part_missing"
    return best, "similar"


# --- dates and citizenship -----------------------------------------------------------------


def date_kind(one: PartialDate | None, other: PartialDate | None) -> str | None:
    """'same', 'compatible', 'unknown', 'transposed', or None when they exclude each other."""
    if one is None or other is None:
        return "unknown"
    if one == other:
        return "same"
    if not (one.earliest() > other.latest() or other.earliest() > one.latest()):
        return "compatible"
    if (
        one.day
        and other.day
        and one.year == other.year
        and (one.day, one.month) == (other.month, other.day)
    ):
        return "transposed"
    return None


def _date_reason(kind: str, one, other) -> dict:
    if kind == "same":
        return reason("same_birth_date", date=one.display())
    if kind == "compatible":
        precise = (
            one if (one.day or 0, one.month or 0) >= (other.day or 0, other.month or 0) else other
        )
        return reason("compatible_birth_date", date=precise.display())
    if kind == "transposed":
        return reason("transposed_birth_date", date=one.display(), other=other.display())
    return reason("unknown_birth_date")


def citizenship_kind(one: frozenset, other: frozenset) -> str:
    if not one or not other:
        return "unknown"
    return "same" if one & other else "different"


# --- the score ---------------------------------------------------------------------------


def compare(one: Person, other: Person) -> Match | None:
    """The match of two people, or None if they are not a candidate pair."""
    kind_of_date = date_kind(one.birth_date, other.birth_date)
    if kind_of_date is None:
        return None
    best = None
    for mine in one.spellings:
        for theirs in other.spellings:
            similarity, kind = name_similarity(mine, theirs)
            if best is None or similarity > best[0]:
                best = (similarity, kind, mine, theirs)
    if best is None or best[0] < NAME_THRESHOLD:
        return None
    similarity, kind, mine, theirs = best
    alias = theirs.alias_source if theirs.alias_source is not None else mine.alias_source
    shown = theirs if theirs.alias_source is not None or mine.alias_source is None else mine
    reasons = [reason(kind, name=shown.display, alias_source=alias)]
    reasons.append(_date_reason(kind_of_date, one.birth_date, other.birth_date))
    kind_of_citizenship = citizenship_kind(one.citizenships, other.citizenships)
    if kind_of_citizenship == "same":
        reasons.append(
            reason(
                "same_citizenship",
                countries=", ".join(sorted(one.citizenships & other.citizenships)),
            )
        )
    elif kind_of_citizenship == "different":
        reasons.append(
            reason(
                "different_citizenship",
                countries=", ".join(sorted(one.citizenships)),
                other=", ".join(sorted(other.citizenships)),
            )
        )
    score = similarity * DATE_FACTOR[kind_of_date] * CITIZENSHIP_FACTOR[kind_of_citizenship]
    return Match(score=round(min(score, 1.0), 3), reasons=reasons, name_kind=kind)
