"""Two records compared under the model: blocking keys, match weight, explanation.

Pure functions over `features.Record` (no database), used one pair at a time where a
person is registered, edited or imported (the batch run does the same in SQL,
`engine_sql.py`). A pair's weight is the best over every spelling of one record against
every spelling of the other (the name and each alias).

Blocking keys decide which records are compared at all (at a million people nobody
compares everybody with everybody); each key is stored with the record's birth year
and month, so that a block too large to compare in full is split by them
(`blocks.py`), never skipped:

- ``n:`` a given-name part and a family-name part, as Kölner Phonetik codes, sorted
  (spelling, romanisation and swapped names give the same key; every combination of the
  first two parts of each, so an added or dropped middle name still shares one);
- ``i:`` a name part's code with the initial of the other name and the birth year (a
  typo that changes the sound of the other name);
- ``d:`` the full date of birth with the code of one name part (one name changed).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from .comparisons import Levels, levels
from .features import Record, Spelling
from .model import Params, Scored, probability, score

KEY_LENGTH = 100
PARTS_KEYED = 2  # the first parts of each name that make keys


@dataclass
class Match:
    weight: float
    probability: float
    levels: Levels
    scored: list[Scored]
    mine: Spelling
    theirs: Spelling

    @property
    def score(self) -> float:
        return round(self.probability, 4)


def keys_for(record: Record) -> set[str]:
    """The blocking keys of a record (none if it has too little to compare)."""
    if not record.comparable:
        return set()
    keys = set()
    date = record.birth.isoformat() if record.birth and record.birth.day else ""
    year = f"|{record.birth.year}" if record.birth else ""
    for spelling in record.spellings:
        given, family = spelling.given.codes[:PARTS_KEYED], spelling.family.codes[:PARTS_KEYED]
        for one, other in product(given, family):
            keys.add("n:" + "|".join(sorted((one, other))))
        if not given:
            keys.update("n:" + code for code in family)
        for codes, other in ((family, spelling.given.normal), (given, spelling.family.normal)):
            if other:
                keys.update(f"i:{code}|{other[0]}{year}" for code in codes)
        if date:
            keys.update(f"d:{date}|{code}" for code in given + family)
    return {key[:KEY_LENGTH] for key in keys}


def _frequencies(frequency, mine: Spelling, theirs: Spelling, found: Levels) -> dict:
    """How common the agreeing names are (the more common of the two spellings)."""
    if frequency is None:
        return {}
    given, family = (
        (theirs.family, theirs.given) if found.swapped else (theirs.given, theirs.family)
    )
    return {
        "given": _common(frequency("given", mine.given.normal), frequency("given", given.normal)),
        "family": _common(
            frequency("family", mine.family.normal), frequency("family", family.normal)
        ),
    }


def _common(*shares):
    known = [share for share in shares if share is not None]
    return max(known) if known else None


def compare(one: Record, other: Record, params: Params, frequency=None) -> Match | None:
    """The best match over the spellings of two records, or None when either has too
    little to compare. `frequency(kind, normal form) -> share of records, or None if unknown`."""
    if not (one.comparable and other.comparable):
        return None
    best = None
    for mine in one.spellings:
        for theirs in other.spellings:
            if mine.family.empty or theirs.family.empty:
                continue
            found = levels(one, other, mine, theirs)
            weight, scored = score(params, found, _frequencies(frequency, mine, theirs, found))
            if best is None or weight > best.weight:
                best = Match(weight, probability(weight), found, scored, mine, theirs)
    return best


def _date(value) -> str:
    return value.display() if value is not None else ""


def _name_params(match: Match, comparison: str) -> dict:
    other_field = comparison
    if match.levels.swapped:
        other_field = "family" if comparison == "given" else "given"
    return {"one": _written(match.mine, comparison), "other": _written(match.theirs, other_field)}


def _written(spelling: Spelling, field: str) -> str:
    """The name as written (the explanation quotes what people typed, not normal forms)."""
    return spelling.shown_given if field == "given" else spelling.shown_family


def explanation(match: Match, one: Record, other: Record) -> list[dict]:
    """Every comparison of the pair as a reason code with its parameters and weight."""
    from .reasons import reason

    items = []
    for scored in match.scored:
        code = f"{scored.comparison}.{scored.level}"
        params: dict = {}
        if scored.comparison in ("given", "family"):
            params = _name_params(match, scored.comparison)
            params["frequency"] = scored.frequency
        elif scored.comparison == "birth":
            params = {"one": _date(one.birth), "other": _date(other.birth)}
        elif scored.comparison == "citizenship":
            params = {
                "countries": sorted(one.citizenships & other.citizenships),
                "one": sorted(one.citizenships),
                "other": sorted(other.citizenships),
            }
        elif scored.comparison == "place":
            params = {"one": one.birth_place_shown, "other": other.birth_place_shown}
        items.append(reason(code, scored.weight, **params))
    if match.levels.swapped:
        items.append(reason("swapped"))
    alias = match.theirs.alias_source if match.theirs.alias_source is not None else None
    alias = alias if alias is not None else match.mine.alias_source
    if alias is not None:
        items.append(reason("alias", source=alias or "–"))
    return items
