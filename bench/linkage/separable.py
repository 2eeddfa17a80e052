"""How far any model could get on the variant set: a bound from the records themselves,
not from our comparison levels.

    python -m bench.linkage.separable --records 100000 [--seed 13]
        [--place-share 1.0] [--more-places]   # the set's options (variants.py)

Takes every pair of records with the same full name (given and family names as written)
whose other fields contradict nothing: the same sex or one not stated, a common
citizenship, the same place of birth or one unknown, and birth dates one person could
have been given (the same, one coarser, or one or two years apart with one date without
a day: an estimated age). Such a pair looks like one person in every field a register
holds; what is left to tell a duplicate from two people is how common the name is and
which fields happen to be known. The pairs are grouped by exactly that (how the dates,
sex, citizenship and place relate; the name's count in the set, by powers of two), and
an oracle takes the groups purest first. Every other true pair is counted as found and
every other false pair as rejected, so the figure is an upper bound for any model that
sees these fields, ours or Splink's. Needs no database.
"""

from __future__ import annotations

import argparse
import math
from collections import Counter, defaultdict
from itertools import combinations

from .variants import NEGATIVE_KINDS, generate, options, set_options


def _date(birth):
    year, month, day = birth
    if (month, day) == (1, 1):  # the offices' placeholder for an unknown date
        return year, None, None
    return year, month, day


def date_relation(one, other) -> str | None:
    (ya, ma, da), (yb, mb, db) = _date(one), _date(other)
    if ya == yb:
        if (ma and mb and ma != mb) or (da and db and da != db):
            return None
        return "same" if (ma, da) == (mb, db) else "coarser"
    if 1 <= abs(ya - yb) <= 2 and not (da and db):
        return "estimated"
    return None


def relation(one, other) -> tuple | None:
    """How two records with the same name relate, or None where a field contradicts."""
    dates = date_relation(one.birth, other.birth)
    if dates is None:
        return None
    unknown = "not_stated"
    if one.gender != other.gender and unknown not in (one.gender, other.gender):
        return None
    if not set(one.citizenships.split(",")) & set(other.citizenships.split(",")):
        return None
    if one.birth_place and other.birth_place and one.birth_place != other.birth_place:
        return None
    sex = "same" if one.gender == other.gender else "unknown"
    citizenship = "same" if one.citizenships == other.citizenships else "overlap"
    place = "same" if one.birth_place and other.birth_place else "unknown"
    return dates, sex, citizenship, place


def _negative_kind(one, other) -> str:
    kinds = {one.kind, other.kind} & set(NEGATIVE_KINDS)
    return min(kinds) if kinds else "accidental"


def analyse(rows) -> dict:
    people = defaultdict(list)
    for row in rows:
        people[row.person].append(row.id)
    truth = {tuple(sorted(p)) for ids in people.values() for p in combinations(ids, 2)}
    by_name = defaultdict(list)
    for row in rows:
        if row.given_names and row.family_name:
            by_name[row.given_names.lower(), row.family_name.lower()].append(row)
    groups: dict = defaultdict(lambda: [0, 0])
    kinds: Counter = Counter()
    for same_name in by_name.values():
        size = round(math.log2(len(same_name)))
        for one, other in combinations(same_name, 2):
            how = relation(one, other)
            if how is None:
                continue
            true = tuple(sorted((one.id, other.id))) in truth
            groups[(*how, size)][0 if true else 1] += 1
            kinds[how[0], "true" if true else _negative_kind(one, other)] += 1
    return {"truth": len(truth), "groups": groups, "kinds": kinds}


def bound(truth: int, groups: dict) -> tuple[float, float]:
    inside = sum(true for true, _false in groups.values())
    taken_true, taken_false = truth - inside, 0  # everything outside: found, nothing wrong
    best = (taken_true / max(taken_true, 1), taken_true / truth)
    for true, false in sorted(groups.values(), key=lambda c: -c[0] / (c[0] + c[1])):
        taken_true, taken_false = taken_true + true, taken_false + false
        precision, recall = taken_true / (taken_true + taken_false), taken_true / truth
        if min(precision, recall) > min(best):
            best = (precision, recall)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=13)
    set_options(parser)
    args = parser.parse_args(argv)
    result = analyse(generate(args.records, args.seed, **options(args)))
    inside = Counter()
    for (dates, *_rest), (true, false) in result["groups"].items():
        inside[dates, "true"] += true
        inside[dates, "false"] += false
    print(f"{args.records} records, {result['truth']} true pairs")
    print("same full name, nothing contradicting, by how the dates relate:")
    for dates in ("same", "coarser", "estimated"):
        found = {k[1]: n for k, n in result["kinds"].items() if k[0] == dates}
        print(f"  {dates}: {found}")
    precision, recall = bound(result["truth"], result["groups"])
    print(f"bound for any model: best min(P, R) at P {precision:.4f}, R {recall:.4f}")


if __name__ == "__main__":
    main()
