"""The batch run: every pair of the register found in one set-based pass (DuckDB).

1. The participants are read once, in a stream, and written as two CSV files (one row
   per spelling, one per blocking key); name frequencies are counted on the way.
2. DuckDB (in-process, bounded memory, spilling to disk) joins the keys into candidate
   pairs (oversized blocks split by year and month), compares them level by level,
   weighs them (`engine_sql.py`, the same model as one pair at a time), and keeps the
   best spelling pair of each record pair from the storing floor up.
3. With `train=True` the model is first estimated from the register (`training.py`).
4. One transaction replaces keys, pairs, clusters and name frequencies.

Decided pairs ("different people") are never proposed again; merged records take part
only as reviewers' answers for training.
"""

from __future__ import annotations

import csv
import math
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from django.conf import settings
from django.db import transaction

from inprocedere.participants.models import Alias, Participant

from . import blocks, engine_sql, store
from .candidates import FIELDS, Stats, merged_ids_query
from .features import record
from .matching import keys_for
from .models import BlockingKey, CandidatePair, Decision, NameFrequency
from .writing import copy_csv, explanation_of, write_rows

SPELLING_HEADER = [
    "pid",
    "sp",
    "alias",
    "g_folded",
    "g_normal",
    "g_phon",
    "g_shown",
    "f_folded",
    "f_normal",
    "f_phon",
    "f_shown",
    "y",
    "m",
    "d",
    "sex",
    "cit",
    "place",
    "place_shown",
    "merged",
]


def _connect(workdir: Path):
    import duckdb

    # A database file, not memory: the tables of a million people (keys, pairs) are
    # paged out by DuckDB's buffer manager instead of counting against the limit.
    con = duckdb.connect(str(workdir / "linkage.duckdb"))
    memory = getattr(settings, "INPROCEDERE_DUPLICATES_MEMORY", "2GB")
    con.execute(f"SET memory_limit = '{memory}'")
    con.execute(f"SET temp_directory = '{workdir / 'spill'}'")
    con.execute("SET preserve_insertion_order = false")
    return con


def _spelling_rows(rec, merged: bool):
    birth = rec.birth
    cells = (
        birth.year if birth else "",
        (birth.month or "") if birth else "",
        (birth.day or "") if birth else "",
        rec.sex,
        ",".join(sorted(rec.citizenships)),
        rec.birth_place,
        rec.birth_place_shown,
        int(merged),
    )
    for number, spelling in enumerate(rec.spellings):
        g, f = spelling.given, spelling.family
        alias = "" if spelling.alias_source is None else (spelling.alias_source or "–")
        yield (rec.id, number, alias, g.folded, g.normal, g.phonetic, spelling.shown_given,
               f.folded, f.normal, f.phonetic, spelling.shown_family, *cells)  # fmt: skip


def export(workdir: Path, stats: Stats) -> tuple[int, Counter]:
    """Write spellings.csv and keys.csv; count the names. Returns (records, counts)."""
    aliases = defaultdict(list)
    for pk, given, family, source in Alias.objects.order_by("pk").values_list(
        "participant_id", "given_names", "family_name", "source"
    ):
        aliases[pk].append((given, family, source or ""))
    merged = set(
        Participant.unrestricted.filter(pk__in=merged_ids_query()).values_list("pk", flat=True)
    )
    counts: Counter = Counter()
    records = 0
    rows = Participant.unrestricted.order_by().values_list(*FIELDS).iterator(chunk_size=20_000)
    with (
        open(workdir / "spellings.csv", "w", newline="") as spellings_file,
        open(workdir / "keys.csv", "w", newline="") as keys_file,
    ):
        spellings, keys = csv.writer(spellings_file), csv.writer(keys_file)
        for pk, family, given, born, gender, citizenships, place in rows:
            rec = record(
                id=pk,
                family_name=family,
                given_names=given,
                birth=born,
                gender=gender,
                citizenships=citizenships,
                birth_place=place,
                aliases=aliases.get(pk, ()),
            )
            is_merged = pk in merged
            spellings.writerows(_spelling_rows(rec, is_merged))
            if is_merged:
                continue
            records += 1
            if not rec.comparable:
                stats.too_little += 1
                continue
            own = rec.spellings[0]
            counts["given", own.given.normal] += 1
            counts["family", own.family.normal] += 1
            year = rec.birth.year if rec.birth else ""
            month = (rec.birth.month or "") if rec.birth else ""
            keys.writerows((pk, key, year, month) for key in sorted(keys_for(rec)))
    return records, counts


def _load(con, workdir: Path, counts: Counter) -> None:
    types = dict.fromkeys(SPELLING_HEADER, "VARCHAR")
    types.update(
        pid="BIGINT", sp="INTEGER", y="INTEGER", m="INTEGER", d="INTEGER", merged="INTEGER"
    )
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in types.items())
    con.execute(
        "CREATE TABLE spellings AS SELECT * REPLACE ("
        + ", ".join(f"coalesce({n}, '') AS {n}" for n, k in types.items() if k == "VARCHAR")
        + f") FROM read_csv('{workdir / 'spellings.csv'}', header = false, "
        f"columns = {{{columns}}}, quote = '\"', escape = '\"')"
    )
    con.execute(
        f"CREATE TABLE keys AS SELECT * FROM read_csv('{workdir / 'keys.csv'}', header = false, "
        "columns = {'pid': 'BIGINT', 'key': 'VARCHAR', 'y': 'INTEGER', 'm': 'INTEGER'})"
    )
    con.execute("CREATE TABLE decided (a BIGINT, b BIGINT)")
    decided = list(Decision.objects.values_list("a_id", "b_id"))
    if decided:
        con.executemany("INSERT INTO decided VALUES (?, ?)", decided)
    con.execute("CREATE TABLE freq (kind VARCHAR, value VARCHAR, n BIGINT)")
    frequent = [(k, v, n) for (k, v), n in counts.items() if n >= store.MIN_COUNT and v]
    if frequent:
        con.executemany("INSERT INTO freq VALUES (?, ?, ?)", frequent)
    return frequent


def _logit(probability: float) -> float:
    return math.log2(probability / (1 - probability))


def rebuild(*, train: bool = False, progress=None) -> Stats:
    """Recompute every key, pair and cluster of the register (and the model, if asked)."""
    started = time.monotonic()
    stats = Stats()
    workdir = Path(tempfile.mkdtemp(prefix="inprocedere-linkage-"))
    lap = _Lap(stats)
    try:
        records, counts = export(workdir, stats)
        lap("export")
        stats.participants = records
        con = _connect(workdir)
        frequent = _load(con, workdir, counts)
        lap("load")
        params = store.current()
        if train and records:
            from .training import train as estimate

            params = estimate(con, params, records)
            lap("train")
        params.facts["records"] = records
        if params.source == "default":
            params.prior = store.default_prior(records)  # as `store.current` will read it
        limit = blocks.max_block()
        engine_sql.block(con, limit)
        stats.split = con.execute(engine_sql.split_count(limit)).fetchone()[0]
        stats.compared = con.execute("SELECT count(*) FROM pairs").fetchone()[0]
        lap("block")
        floor = store.storing_floor()
        weighed = records if records >= store.MIN_RECORDS else 0  # no term frequencies below
        query = engine_sql.best_sql(params, weighed, store.MIN_COUNT - 1, "pairs", _logit(floor))
        cursor = con.execute(query)
        names = [column[0] for column in cursor.description]
        found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        lap("compare")
        shown = _shown(con, found)
        con.close()
        pairs = [explanation_of(row, shown, params) for row in found]
        stats.pairs = len(pairs)
        lap("explain")
        with transaction.atomic():
            store.save(params)
            _replace(workdir, pairs, frequent, params)
        lap("store")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    stats.seconds = round(time.monotonic() - started, 1)
    if progress:
        progress(stats)
    return stats


class _Lap:
    """Seconds of each step of the run, into `stats.phases` (the benchmark prints them)."""

    def __init__(self, stats: Stats):
        self.stats, self.last = stats, time.monotonic()

    def __call__(self, name: str) -> None:
        now = time.monotonic()
        self.stats.phases[name] = round(now - self.last, 1)
        self.last = now


def _shown(con, found: list[dict]) -> dict:
    """(pid, sp) -> the spelling's row, for the explanations of the pairs kept."""
    wanted = {(row["a"], row["lsp"]) for row in found} | {(row["b"], row["rsp"]) for row in found}
    if not wanted:
        return {}
    con.execute("CREATE TEMP TABLE wanted (pid BIGINT, sp INTEGER)")
    con.executemany("INSERT INTO wanted VALUES (?, ?)", sorted(wanted))
    cursor = con.execute("SELECT s.* FROM spellings s JOIN wanted USING (pid, sp)")
    names = [column[0] for column in cursor.description]
    return {(row[0], row[1]): dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def _replace(workdir: Path, pairs: list[dict], frequent, params) -> None:
    from .clusters import clusters_of

    CandidatePair.objects.all().delete()
    BlockingKey.objects.all().delete()
    NameFrequency.objects.all().delete()
    copy_csv(
        BlockingKey._meta.db_table,
        ("participant_id", "key", "year", "month"),
        workdir / "keys.csv",
        _csv_rows,
    )
    names = clusters_of([(p["a"], p["b"]) for p in pairs if p["score"] >= params.threshold])
    for pair in pairs:
        pair["cluster"] = names.get(pair["a"]) if pair["score"] >= params.threshold else None
    write_rows(
        CandidatePair._meta.db_table,
        ("a_id", "b_id", "score", "weight", "cluster", "reasons", "found_at"),
        (
            (p["a"], p["b"], p["score"], p["weight"], p["cluster"], p["reasons"], p["found_at"])
            for p in pairs
        ),
    )
    write_rows(NameFrequency._meta.db_table, ("kind", "value", "count"), iter(frequent))


def _csv_rows(path: Path):
    with open(path, newline="") as source:
        for pk, key, year, month in csv.reader(source):
            yield int(pk), key, int(year) if year else None, int(month) if month else None
