"""A reproducible variant set for duplicate detection: people, 10 % duplicate records of
every kind the model must find, and hard negatives it must not take for duplicates.

    python -m bench.linkage.variants --records 100000 --seed 13 > set.csv
    ... [--place-share 1.0] [--more-places]   # place of birth known for every record,
                                              # from 25-40 places per country (0021)

Columns: id, person (the truth: records of one person share it), kind (what made the
record: original, a duplicate kind, or a hard-negative kind), family_name, given_names,
birth_date (ISO, possibly coarse), gender, citizenships (comma-separated), birth_place.

Duplicate kinds: romanisation (another transliteration of each name), swapped (given and
family names exchanged), typo (one letter replaced, dropped, doubled or transposed),
middle (a middle name added or dropped), coarse (the date only as month or year),
daymonth (day and month exchanged), year (the year one or two off: an estimated age),
sex (not stated), citizenship (a second one added or the one given differs),
combined (two of these at once). Some people get two duplicates: clusters of three.
Hard negatives: siblings (same family name, born 1–8 years apart), namesakes (the same
full name and birth year, another day), spouses (another given name and sex, the same
family name, a similar age).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from dataclasses import dataclass, replace

from .names import pools

# Transliteration variants the registers show (either direction).
SWAPS = [
    ("mm", "m"), ("oh", "uh"), ("mo", "mu"), ("ed", "ad"), ("ou", "u"), ("ss", "s"),
    ("ei", "ey"), ("ai", "ay"), ("ie", "i"), ("ee", "i"), ("kh", "h"), ("ch", "kh"),
    ("sch", "sh"), ("dsch", "j"), ("j", "dj"), ("q", "k"), ("y", "i"), ("w", "v"),
    ("ph", "f"), ("o", "u"), ("e", "a"), ("ah", "a"), ("al-", "al "), ("al-", "el-"),
    ("al-", ""), ("abdul", "abdel"), ("abdel", "abd al-"), ("gh", "g"), ("ii", "iy"),
    ("ya", "ia"), ("iu", "yu"), ("ck", "k"), ("tz", "z"), ("oe", "ö"), ("ue", "ü"),
]  # fmt: skip
DUPLICATE_KINDS = [
    "romanisation", "swapped", "typo", "middle", "coarse", "daymonth", "year", "sex",
    "citizenship", "combined",
]  # fmt: skip
NEGATIVE_KINDS = ["sibling", "namesake", "spouse"]
PLACE_SHARE = 0.4  # records with a place of birth


@dataclass(frozen=True)
class Row:
    id: int
    person: int
    kind: str
    family_name: str
    given_names: str
    birth: tuple  # (year, month or None, day or None)
    gender: str
    citizenships: str
    birth_place: str

    def cells(self):
        year, month, day = self.birth
        date = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
        return [self.id, self.person, self.kind, self.family_name, self.given_names, date,
                self.gender, self.citizenships, self.birth_place]  # fmt: skip


class Generator:
    def __init__(self, seed: int, place_share: float = PLACE_SHARE, more_places: bool = False):
        self.random = random.Random(seed)
        self.place_share = place_share
        self.pools = pools(more_places)
        self.codes = list(self.pools)
        self.weights = [self.pools[code][0] for code in self.codes]

    # --- people -------------------------------------------------------------------------

    def person(self, number: int, person: int) -> Row:
        r = self.random
        code = r.choices(self.codes, self.weights)[0]
        _weight, male, female, family, places = self.pools[code]
        gender = r.choice(["man", "man", "woman"])
        given = r.choice(male if gender == "man" else female)
        if code in ("SY", "IQ", "AF", "SO", "ER") and r.random() < 0.45:
            given += " " + r.choice(male)  # the father's name as a middle name
        year = r.randint(1960, 2006)
        month, day = r.randint(1, 12), r.randint(1, 28)
        if r.random() < 0.12:
            month, day = (None, None) if r.random() < 0.5 else (month, None)
        if r.random() < 0.08:  # registered as 1 January, as offices do for unknown dates
            month, day = 1, 1
        citizenships = code if r.random() > 0.05 else f"{code},{r.choice(self.codes)}"
        place = r.choice(places) if r.random() < self.place_share else ""
        if r.random() < 0.04:
            given = ""  # given names unknown
        return Row(number, person, "original", r.choice(family), given, (year, month, day),
                   gender if r.random() > 0.06 else "not_stated", citizenships, place)  # fmt: skip

    # --- variants ----------------------------------------------------------------------

    def romanised(self, name: str) -> str:
        r = self.random
        lower = name.lower()
        for _attempt in range(6):
            old, new = r.choice(SWAPS)
            if r.random() < 0.5:
                old, new = new, old
            if old and old in lower:
                lower = lower.replace(old, new, 1)
                break
        return " ".join(part[:1].upper() + part[1:] for part in lower.split(" ") if part)

    def typo(self, name: str) -> str:
        r = self.random
        if len(name) < 4:
            return name + name[-1:]
        i = r.randint(1, len(name) - 2)
        how = r.choice(["replace", "drop", "double", "transpose"])
        if how == "replace":
            return name[:i] + r.choice("aeiounrsltmdhk") + name[i + 1 :]
        if how == "drop":
            return name[:i] + name[i + 1 :]
        if how == "double":
            return name[:i] + name[i] + name[i:]
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]

    def duplicate(self, row: Row, number: int, kind: str) -> Row:
        r = self.random
        new = replace(row, id=number, kind=kind)
        year, month, day = row.birth
        if kind == "romanisation":
            new = replace(new, family_name=self.romanised(row.family_name),
                          given_names=self.romanised(row.given_names))  # fmt: skip
        elif kind == "swapped":
            new = replace(new, family_name=row.given_names, given_names=row.family_name)
        elif kind == "typo":
            if r.random() < 0.5 or not row.given_names:
                new = replace(new, family_name=self.typo(row.family_name))
            else:
                new = replace(new, given_names=self.typo(row.given_names))
        elif kind == "middle":
            parts = row.given_names.split()
            if len(parts) > 1:
                parts = parts[:1] if r.random() < 0.6 else parts[1:]
            else:
                _w, male, _f, _fam, _p = self.pools[row.citizenships[:2]]
                parts.append(r.choice(male))
            new = replace(new, given_names=" ".join(parts))
        elif kind == "coarse":
            new = replace(new, birth=(year, month if r.random() < 0.4 else None, None))
        elif kind == "daymonth" and day and day <= 12 and day != month:
            new = replace(new, birth=(year, day, month))
        elif kind == "daymonth":
            new = replace(new, birth=(year, month, None), kind="coarse")
        elif kind == "year":
            shift = r.choice([-2, -1, 1, 2])
            new = replace(new, birth=(year + shift, month if r.random() < 0.5 else None, None))
        elif kind == "sex":
            new = replace(new, gender="not_stated")
        elif kind == "citizenship":
            other = r.choice(self.codes)
            new = replace(new, citizenships=f"{row.citizenships.split(',')[0]},{other}")
        elif kind == "combined":
            first, second = r.sample(DUPLICATE_KINDS[:-1], 2)
            new = self.duplicate(self.duplicate(row, number, first), number, second)
            new = replace(new, kind=f"combined:{first}+{second}")
        return new

    def negative(self, row: Row, number: int, person: int, kind: str) -> Row:
        r = self.random
        _w, male, female, _family, places = self.pools[row.citizenships[:2]]
        year, _month, day = row.birth
        other_day = ((day or 1) + r.randint(1, 20)) % 28 + 1
        if kind == "sibling":
            gender = r.choice(["man", "woman"])
            given = r.choice(male if gender == "man" else female)
            birth = (year + r.choice([-1, 1]) * r.randint(1, 8), r.randint(1, 12), other_day)
            return replace(row, id=number, person=person, kind=kind, given_names=given,
                           gender=gender, birth=birth)  # fmt: skip
        if kind == "namesake":
            birth = (year, r.randint(1, 12), other_day)
            place = r.choice(places) if row.birth_place else ""
            return replace(row, id=number, person=person, kind=kind, birth=birth,
                           birth_place=place)  # fmt: skip
        gender = "woman" if row.gender == "man" else "man"
        given = r.choice(female if gender == "woman" else male)
        birth = (year + r.randint(-6, 6), r.randint(1, 12), other_day)
        return replace(row, id=number, person=person, kind=kind, given_names=given,
                       gender=gender, birth=birth, birth_place="")  # fmt: skip


def generate(
    records: int, seed: int = 13, place_share: float = PLACE_SHARE, more_places: bool = False
):
    """The rows of a variant set of about `records` records (deterministic for a seed, the
    share of records with a place of birth and the place pools). The defaults make the set
    all figures before 2 December were measured on; decision 0021 says what the place
    options are for."""
    g = Generator(seed, place_share, more_places)
    rows: list[Row] = []
    person = 0
    duplicates = records // 10
    negatives = records // 25
    originals = records - duplicates - negatives
    for _index in range(originals):
        person += 1
        rows.append(g.person(len(rows) + 1, person))
    base = list(rows)
    for index in range(duplicates):
        source = base[g.random.randrange(len(base))] if index % 7 else rows[-1]
        kind = DUPLICATE_KINDS[index % len(DUPLICATE_KINDS)]
        rows.append(g.duplicate(source, len(rows) + 1, kind))
    for index in range(negatives):
        person += 1
        source = base[g.random.randrange(len(base))]
        rows.append(g.negative(source, len(rows) + 1, person, NEGATIVE_KINDS[index % 3]))
    order = list(range(len(rows)))
    g.random.shuffle(order)  # registration order is not the order people were made in
    return [replace(rows[i], id=n + 1) for n, i in enumerate(order)]


def set_options(parser) -> None:
    """The set's options, shared by the tools that generate it (quality, separable)."""
    parser.add_argument("--place-share", type=float, default=PLACE_SHARE,
                        help="the share of records with a place of birth")  # fmt: skip
    parser.add_argument("--more-places", action="store_true",
                        help="draw places of birth from 25-40 per country, not 4-10")  # fmt: skip


def options(args) -> dict:
    return {"place_share": args.place_share, "more_places": args.more_places}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=13)
    set_options(parser)
    args = parser.parse_args(argv)
    writer = csv.writer(sys.stdout)
    writer.writerow(["id", "person", "kind", "family_name", "given_names", "birth_date",
                     "gender", "citizenships", "birth_place"])  # fmt: skip
    for row in generate(args.records, args.seed, **options(args)):
        writer.writerow(row.cells())


if __name__ == "__main__":
    main()
