"""Quality of the model on the variant set, without a database round trip: the batch
engine's SQL (DuckDB) over the generated records, and what it gets wrong, by kind.

    .venv/bin/python -m bench.linkage.quality --records 100000 [--train] [--show 5]
        [--place-share 1.0] [--more-places]   # the set's options (variants.py)

Prints precision and recall at several thresholds, the missed pairs split into "never
compared" (blocking) and "compared, weighed too low" (the model), the wrong pairs by
kind, and a few examples of each with their levels and weights. Asserts nothing; it
is for finding out why, `run.py batch` measures the product end to end.
"""

from __future__ import annotations

import argparse
import atexit
import csv
import math
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("INPROCEDERE_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inprocedere.config.settings")

import django  # noqa: E402

django.setup()

from bench.linkage.run import truth  # noqa: E402
from bench.linkage.variants import generate, options, set_options  # noqa: E402
from inprocedere.duplicates import blocks, engine, engine_sql, store  # noqa: E402
from inprocedere.duplicates.features import record  # noqa: E402
from inprocedere.duplicates.matching import keys_for  # noqa: E402
from inprocedere.duplicates.model import Params  # noqa: E402


def _records(rows):
    for row in rows:
        yield record(
            id=row.id,
            family_name=row.family_name,
            given_names=row.given_names,
            birth=row.cells()[5],
            gender=row.gender,
            citizenships=row.citizenships,
            birth_place=row.birth_place,
        )


def export(rows, workdir: Path) -> tuple[int, Counter, int]:
    counts: Counter = Counter()
    too_little = 0
    with (
        open(workdir / "spellings.csv", "w", newline="") as spellings_file,
        open(workdir / "keys.csv", "w", newline="") as keys_file,
    ):
        spellings, keys = csv.writer(spellings_file), csv.writer(keys_file)
        for rec in _records(rows):
            spellings.writerows(engine._spelling_rows(rec, False))
            if not rec.comparable:
                too_little += 1
                continue
            own = rec.spellings[0]
            counts["given", own.given.normal] += 1
            counts["family", own.family.normal] += 1
            year = rec.birth.year if rec.birth else ""
            month = (rec.birth.month or "") if rec.birth else ""
            keys.writerows((rec.id, key, year, month) for key in sorted(keys_for(rec)))
    return len(rows), counts, too_little


def _kind(by_id, a, b) -> str:
    kind = by_id[b].kind if by_id[b].kind != "original" else by_id[a].kind
    return kind.split(":")[0]


def _show(row) -> str:
    cells = (row.given_names, row.family_name, row.cells()[5], row.gender, row.citizenships,
             row.birth_place)  # fmt: skip
    return " | ".join(cells)


def _loaded(rows):
    workdir = Path(tempfile.mkdtemp(prefix="inprocedere-quality-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    (workdir / "spill").mkdir()
    count, counts, too_little = export(rows, workdir)
    con = engine._connect(workdir)
    engine._load(con, workdir, counts)
    return con, count, too_little


def fitted_m(records: int, seed: int, **options) -> dict:
    """m of every level from the true pairs of another variant set (supervised, as
    Splink's estimate_m_from_pairwise_labels): the share of true pairs in each level."""
    from inprocedere.duplicates.training import _patterns, _shares

    rows = generate(records, seed, **options)
    con, _count, _little = _loaded(rows)
    con.execute("CREATE TABLE labels (a BIGINT, b BIGINT)")
    con.executemany("INSERT INTO labels VALUES (?, ?)", sorted(truth(rows)))
    m = _shares(_patterns(con, "labels"))
    con.close()
    return m


def analyse(
    records: int, seed: int, train: bool, show: int, fit: int | None = None, **options
) -> None:
    started = time.monotonic()
    rows = generate(records, seed, **options)
    by_id = {row.id: row for row in rows}
    expected = truth(rows)
    con, count, too_little = _loaded(rows)
    params = Params.default()
    params.prior = store.default_prior(count)
    if train:
        from inprocedere.duplicates.training import train as estimate

        params = estimate(con, params, count)
    if fit is not None:
        params.m = fitted_m(records, fit, **options)
        print("m fitted on seed", fit)
        for comparison, levels in params.m.items():
            print(
                f"    {comparison}: "
                + ", ".join(
                    f"{lv} {m:.4f}/{params.u[comparison][lv]:.5f}" for lv, m in levels.items()
                )
            )
    engine_sql.block(con, blocks.max_block())
    compared = {tuple(p) for p in con.execute("SELECT a, b FROM pairs").fetchall()}
    query = engine_sql.best_sql(params, count, store.MIN_COUNT - 1, "pairs", -1e9)
    cursor = con.execute(query)
    names = [column[0] for column in cursor.description]
    found = {}
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        found[row["a"], row["b"]] = row
    seconds = time.monotonic() - started
    print(f"{count} records, {too_little} too little, {len(compared)} compared, "
          f"{len(expected)} true pairs, {seconds:.0f} s; prior {params.prior:.3g}")  # fmt: skip
    unblocked = expected - compared
    print(
        f"never compared: {len(unblocked)}",
        dict(Counter(_kind(by_id, a, b) for a, b in unblocked).most_common()),
    )
    for a, b in sorted(unblocked)[:show]:
        print("   ", _show(by_id[a]), " <> ", _show(by_id[b]))
    threshold_weight = math.log2(params.threshold / (1 - params.threshold))
    for probability in (0.5, 0.8, params.threshold, 0.95, 0.99):
        weight = math.log2(probability / (1 - probability))
        predicted = {pair for pair, row in found.items() if row["weight"] >= weight}
        hits = len(expected & predicted)
        print(f"p>={probability}: predicted {len(predicted)}, precision "
              f"{hits / max(len(predicted), 1):.4f}, "
              f"recall {hits / len(expected):.4f}")  # fmt: skip
    predicted = {pair for pair, row in found.items() if row["weight"] >= threshold_weight}
    low = (expected & compared) - predicted
    wrong = predicted - expected
    print(
        f"at threshold: compared but too light {len(low)}",
        dict(Counter(_kind(by_id, a, b) for a, b in low).most_common()),
    )
    print(
        f"at threshold: wrong {len(wrong)}",
        dict(Counter(_kind(by_id, a, b) for a, b in wrong).most_common()),
    )
    for label, pairs in (("too light", low), ("wrong", wrong)):
        patterns = Counter(_pattern(found[p]) for p in pairs)
        print(f"-- {label}: commonest patterns")
        for pattern, n in patterns.most_common(12):
            print(f"   {n:5d} {pattern}")
        for pair in sorted(pairs, key=lambda p: hash(p))[:show]:
            row = found[pair]
            print(
                f"   w={row['weight']:.1f} {_pattern(row)} "
                f"tf={row['tf_given']:.1f}/{row['tf_family']:.1f}"
            )
            print(
                "      ", _kind(by_id, *pair), _show(by_id[pair[0]]), " <> ", _show(by_id[pair[1]])
            )
    bound(found, expected, by_id)
    con.close()


def _pair_kind(by_id, pair, expected) -> str:
    """A true pair's duplicate kind; for a false pair the hard-negative kind of either
    record, or "accidental" (two people the generator made independently)."""
    if pair in expected:
        return _kind(by_id, *pair)
    kinds = {by_id[pair[0]].kind, by_id[pair[1]].kind} & {"sibling", "namesake", "spouse"}
    return min(kinds) if kinds else "accidental"


def bound(found: dict, expected: set, by_id: dict) -> None:
    """What any threshold over these comparisons could reach: pairs grouped by their
    levels and term-frequency adjustments (rounded to half a bit), the groups taken
    purest first (an oracle knowing each group's share of true pairs). If this cannot
    reach a target, no choice of m, u or threshold on these levels can. Then what the
    oracle gets wrong at its best point, by kind: which true pairs share a group with
    more false ones than it can afford, and which false pairs it has to take."""
    cells: dict = {}
    for pair, row in found.items():
        key = (_pattern(row), round(row["tf_given"] * 2), round(row["tf_family"] * 2))
        cells.setdefault(key, []).append(pair)
    ordered = sorted(
        cells.values(), key=lambda pairs: -sum(p in expected for p in pairs) / len(pairs)
    )
    taken_true = taken_false = 0
    best, best_at = (0.0, 0.0), 0
    for index, pairs in enumerate(ordered):
        true = sum(p in expected for p in pairs)
        taken_true, taken_false = taken_true + true, taken_false + len(pairs) - true
        precision, recall = taken_true / (taken_true + taken_false), taken_true / len(expected)
        if min(precision, recall) > min(best):
            best, best_at = (precision, recall), index
    print(
        f"bound (oracle over {len(cells)} groups): "
        f"best min(P, R) at P {best[0]:.4f}, R {best[1]:.4f}"
    )
    taken = [p for pairs in ordered[: best_at + 1] for p in pairs]
    left = [p for pairs in ordered[best_at + 1 :] for p in pairs] + list(expected - set(found))
    wrong = Counter(_pair_kind(by_id, p, expected) for p in taken if p not in expected)
    lost = Counter(_pair_kind(by_id, p, expected) for p in left if p in expected)
    print(f"  oracle takes {sum(wrong.values())} false pairs:", dict(wrong.most_common()))
    print(f"  oracle leaves {sum(lost.values())} true pairs:", dict(lost.most_common()))
    mixed: dict = {}
    for pairs in ordered:
        true = sum(p in expected for p in pairs)
        if 0 < true < len(pairs):
            kinds = mixed.setdefault(_pattern(found[pairs[0]]), Counter())
            kinds.update(_pair_kind(by_id, p, expected) for p in pairs)
    print("  commonest mixed patterns (true and false pairs alike):")
    for pattern, kinds in sorted(mixed.items(), key=lambda item: -item[1].total())[:10]:
        print(f"   {kinds.total():6d} {pattern}", dict(kinds.most_common(6)))


def _pattern(row) -> str:
    swapped = " swapped" if row["swapped"] else ""
    levels = "/".join(row[c] for c in ("given", "family", "birth", "sex", "citizenship", "place"))
    return levels + swapped


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--train", action="store_true")
    parser.add_argument("--show", type=int, default=5)
    parser.add_argument(
        "--fit", type=int, default=None, help="fit m on the true pairs of this seed"
    )
    set_options(parser)
    args = parser.parse_args(argv)
    analyse(args.records, args.seed, args.train, args.show, args.fit, **options(args))


if __name__ == "__main__":
    main()
