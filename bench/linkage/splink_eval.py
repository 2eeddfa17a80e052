"""The variant set through Splink (DuckDB backend), for docs/decisions/0008-linkage-engine.md.

    pip install 'inprocedere[linkage-eval]'     # splink
    .venv/bin/python -m bench.linkage.run splink --records 20000

A moderately tuned Splink model, given what ours gets: the romanisation normal forms and
Kölner Phonetik codes of `duplicates/romanisation.py` as columns (they stay ours), the
same blocking keys' spirit (phonetic codes of the names; date of birth), u by random
sampling, m by EM in two sessions (blocked on names, blocked on date of birth), the
prior from exact agreement. Prints time, memory and precision/recall at thresholds.
"""

from __future__ import annotations

import resource
import time


def _rows(rows):
    from inprocedere.duplicates.features import record

    out = []
    for row in rows:
        rec = record(
            id=row.id, family_name=row.family_name, given_names=row.given_names,
            birth=row.cells()[5], gender=row.gender, citizenships=row.citizenships,
            birth_place=row.birth_place,
        )  # fmt: skip
        own = rec.spellings[0]
        birth = rec.birth
        out.append(
            {
                "unique_id": row.id,
                "given": own.given.normal or None,
                "family": own.family.normal or None,
                "given_phon": own.given.phonetic or None,
                "family_phon": own.family.phonetic or None,
                "g1": own.given.codes[0] if own.given.codes else None,
                "f1": own.family.codes[0] if own.family.codes else None,
                "dob": birth.isoformat() if birth and birth.day else None,
                "yob": birth.year if birth else None,
                "sex": rec.sex or None,
                "cit": ",".join(sorted(rec.citizenships)) or None,
                "place": rec.birth_place or None,
            }
        )
    return out


def _settings():
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("g1", "f1"),
            block_on("dob", "f1"),
            block_on("dob", "g1"),
            "l.g1 = r.f1 AND l.f1 = r.g1",
        ],
        comparisons=[
            cl.NameComparison("given").configure(term_frequency_adjustments=True),
            cl.NameComparison("family").configure(term_frequency_adjustments=True),
            cl.ExactMatch("dob"),
            cl.AbsoluteDifferenceAtThresholds("yob", [1, 2])
            if hasattr(cl, "AbsoluteDifferenceAtThresholds")
            else cl.ExactMatch("yob"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("cit"),
            cl.JaroWinklerAtThresholds("place", [0.88]),
        ],
        retain_intermediate_calculation_columns=False,
    )


def run(rows, quality) -> None:
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI, Linker, block_on

    started = time.monotonic()
    table = pa.Table.from_pylist(_rows(rows))
    con = duckdb.connect()
    con.execute("SET memory_limit = '2GB'")
    db_api = DuckDBAPI(con)
    data = db_api.register(table, dataset_display_name="people")
    linker = Linker(data, _settings())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given", "family", "dob")], recall=0.5
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=42)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("g1", "f1"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    trained = time.monotonic() - started
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    result = predictions.as_duckdbpyrelation().select("unique_id_l, unique_id_r, match_probability")
    found = {}
    for left, right, score in result.fetchall():
        found[(min(left, right), max(left, right))] = score
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"splink: {len(rows)} records, trained in {trained:.1f} s, total {seconds:.1f} s wall, "
          f"peak RSS {peak:.0f} MB, {len(found)} pairs from 0.5")  # fmt: skip
    for threshold in (0.5, 0.8, 0.9, 0.95, 0.99):
        print(quality(rows, found, threshold))
