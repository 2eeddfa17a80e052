"""The batch run's SQL (DuckDB): blocking with split blocks, comparison levels, weights.

Every condition here mirrors one in `comparisons.py` and `blocks.py`;
`tests/duplicates/test_engine.py` runs both on the same records and requires the same
levels and weights for every pair. Tables the engine loads first:

- ``spellings(pid, sp, alias, g_folded, g_normal, g_phon, g_shown, f_folded, f_normal,
  f_phon, f_shown, y, m, d, sex, cit, place, place_shown)``: one row per spelling
  (sp 0 is the record's own name, then its aliases);
- ``keys(pid, key, y, m)``; ``decided(a, b)``; ``freq(kind, value, n)``.
"""

from __future__ import annotations

from .comparisons import COMPARISONS, NULL, TF_LEVELS
from .model import AGREEING, CONDITIONED, Params


def _f(value: float) -> str:
    return f"{float(value)!r}::DOUBLE"


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


KEYS_PER_PART = 2_000_000  # keys joined at once: the join's hash table stays well in memory


def block(con, max_block: int, *, table: str = "pairs") -> None:
    """Distinct pairs (a < b) sharing a key into `table`; oversized blocks split by year,
    then month; decided pairs left out.

    Each kind of block is joined on its own columns (key; key and year; key, year and
    month), so an oversized block is never joined in full and filtered afterwards: at a
    million people a common name's block holds thousands, its full join millions of
    pairs to throw away. Keys are joined as 64-bit hashes (a collision only adds a pair
    to compare) in parts by hash, so that no join outgrows the memory limit."""
    con.execute(
        """CREATE OR REPLACE TABLE k AS
        WITH sizes AS (SELECT key, count(*) AS n FROM keys GROUP BY key),
        year_sizes AS (SELECT key, y, count(*) AS yn FROM keys GROUP BY key, y)
        SELECT hash(keys.key) AS h, keys.pid, keys.y, keys.m, sizes.n, year_sizes.yn
        FROM keys JOIN sizes USING (key)
        JOIN year_sizes ON year_sizes.key = keys.key AND year_sizes.y IS NOT DISTINCT FROM keys.y
        """
    )
    rows = con.execute("SELECT count(*) FROM k").fetchone()[0]
    parts = max(1, -(-rows // KEYS_PER_PART))
    con.execute("CREATE OR REPLACE TABLE raw_pairs (a BIGINT, b BIGINT)")
    for part in range(parts):
        con.execute(f"INSERT INTO raw_pairs {_part_pairs(max_block, parts, part)}")
    con.execute(
        f"""CREATE OR REPLACE TABLE {table} AS
        SELECT DISTINCT a, b FROM raw_pairs AS raw
        WHERE NOT EXISTS (SELECT 1 FROM decided WHERE decided.a = raw.a AND decided.b = raw.b)
        """
    )
    con.execute("DROP TABLE raw_pairs")


def _part_pairs(max_block: int, parts: int, part: int) -> str:
    return f"""
    WITH kp AS (SELECT * FROM k WHERE h % {parts} = {part}),
    small AS (SELECT * FROM kp WHERE n <= {max_block}),
    by_year AS (SELECT * FROM kp WHERE n > {max_block} AND yn <= {max_block}),
    by_month AS (SELECT * FROM kp WHERE n > {max_block} AND yn > {max_block})
    SELECT DISTINCT a, b FROM (
        SELECT l.pid AS a, r.pid AS b
        FROM small AS l JOIN small AS r ON l.h = r.h AND l.pid < r.pid
        UNION ALL
        SELECT l.pid, r.pid
        FROM by_year AS l JOIN by_year AS r
            ON l.h = r.h AND l.y IS NOT DISTINCT FROM r.y AND l.pid < r.pid
        UNION ALL
        SELECT l.pid, r.pid
        FROM by_month AS l JOIN by_month AS r
            ON l.h = r.h AND l.y IS NOT DISTINCT FROM r.y
            AND l.m IS NOT DISTINCT FROM r.m AND l.pid < r.pid
        UNION ALL
        SELECT least(l.pid, r.pid), greatest(l.pid, r.pid)
        FROM by_month AS l JOIN by_month AS r ON l.h = r.h AND l.y IS NOT DISTINCT FROM r.y
        WHERE l.m IS NULL AND r.m IS NOT NULL
    )
    """


def split_count(max_block: int) -> str:
    return f"SELECT count(*) FROM (SELECT key FROM keys GROUP BY key HAVING count(*) > {max_block})"


def _jw(one: str, other: str) -> str:
    return f"jaro_winkler_similarity({one}, {other})"


def _name_level(x: str, y: str) -> str:
    """x, y: column prefixes (l.g_, r_g_ ...)."""
    parts_x, parts_y = f"string_split({x}normal, ' ')", f"string_split({y}normal, ' ')"
    return f"""CASE
        WHEN {x}normal = '' OR {y}normal = '' THEN 'null'
        WHEN {x}folded = {y}folded THEN 'exact'
        WHEN {x}normal = {y}normal
          OR replace({x}normal, ' ', '') = replace({y}normal, ' ', '') THEN 'romanised'
        WHEN (list_has_all({parts_y}, {parts_x}) AND NOT list_has_all({parts_x}, {parts_y}))
          OR (list_has_all({parts_x}, {parts_y}) AND NOT list_has_all({parts_y}, {parts_x}))
          THEN 'parts'
        WHEN {x}phon <> '' AND {x}phon = {y}phon THEN 'phonetic'
        WHEN {_jw(f"{x}normal", f"{y}normal")} >= 0.92 THEN 'jw92'
        WHEN {_jw(f"{x}normal", f"{y}normal")} >= 0.85 THEN 'jw85'
        ELSE 'else' END"""


DATE_LEVEL = """CASE
    WHEN l.y IS NULL OR r.y IS NULL THEN 'null'
    WHEN l.d IS NOT NULL AND r.d IS NOT NULL AND l.y = r.y AND l.m = r.m AND l.d = r.d
      THEN 'day'
    WHEN l.y = r.y AND l.m IS NOT DISTINCT FROM r.m AND l.d IS NOT DISTINCT FROM r.d
      THEN 'same_coarse'
    WHEN l.y = r.y THEN CASE
        WHEN l.m IS NULL OR r.m IS NULL THEN 'year'
        WHEN l.m = r.m AND (l.d IS NULL OR r.d IS NULL) THEN 'month'
        WHEN l.d IS NOT NULL AND r.d IS NOT NULL AND l.d = r.m AND l.m = r.d THEN 'swapped'
        ELSE 'same_year' END
    WHEN abs(l.y - r.y) > 2 THEN 'else'
    WHEN l.d IS NULL OR r.d IS NULL THEN 'estimated'
    WHEN abs(l.y - r.y) = 1 THEN 'one_year'
    ELSE 'two_years' END"""


SPELLING_COLUMNS = ("g_folded", "g_normal", "g_phon", "f_folded", "f_normal", "f_phon")
RECORD_COLUMNS = ("y", "m", "d", "sex", "cit", "place")


def _oriented() -> str:
    """The right-hand record's name columns, crosswise where the names are swapped."""
    left = [f"l.{column} AS l_{column}" for column in SPELLING_COLUMNS + RECORD_COLUMNS]
    right = [f"r.{column} AS r_{column}" for column in RECORD_COLUMNS]
    for mine, other in (("g", "f"), ("f", "g")):
        for column in ("folded", "normal", "phon"):
            right.append(
                f"CASE WHEN sp.swapped THEN r.{other}_{column} ELSE r.{mine}_{column} END"
                f" AS r_{mine}_{column}"
            )
    return ", ".join(left + right)


DATE_LEVEL = (
    DATE_LEVEL.replace("l.y", "l_y")
    .replace("r.y", "r_y")
    .replace("l.m", "l_m")
    .replace("r.m", "r_m")
    .replace("l.d", "l_d")
    .replace("r.d", "r_d")
)


def levels_sql(source: str) -> str:
    """Levels of every spelling pair of the record pairs in `source` (a, b)."""
    straight = f"{_jw('l.g_normal', 'r.g_normal')} + {_jw('l.f_normal', 'r.f_normal')}"
    crosswise = f"{_jw('l.g_normal', 'r.f_normal')} + {_jw('l.f_normal', 'r.g_normal')}"
    return f"""
    WITH sp AS (
        SELECT p.a, p.b, l.sp AS lsp, r.sp AS rsp, ({crosswise}) > ({straight}) AS swapped
        FROM {source} AS p
        JOIN spellings AS l ON l.pid = p.a
        JOIN spellings AS r ON r.pid = p.b
        WHERE l.f_normal <> '' AND r.f_normal <> ''
    ),
    o AS (
        SELECT sp.a, sp.b, sp.lsp, sp.rsp, sp.swapped, {_oriented()}
        FROM sp
        JOIN spellings AS l ON l.pid = sp.a AND l.sp = sp.lsp
        JOIN spellings AS r ON r.pid = sp.b AND r.sp = sp.rsp
    )
    SELECT a, b, lsp, rsp, swapped,
        {_name_level("l_g_", "r_g_")} AS given,
        {_name_level("l_f_", "r_f_")} AS family,
        {DATE_LEVEL} AS birth,
        CASE WHEN l_sex = '' OR r_sex = '' THEN 'null'
             WHEN l_sex = r_sex THEN 'same' ELSE 'else' END AS sex,
        CASE WHEN l_cit = '' OR r_cit = '' THEN 'null'
             WHEN list_has_any(string_split(l_cit, ','), string_split(r_cit, ','))
             THEN 'common' ELSE 'else' END AS citizenship,
        CASE WHEN l_place = '' OR r_place = '' THEN 'null'
             WHEN l_place = r_place THEN 'exact'
             WHEN {_jw("l_place", "r_place")} >= 0.88 THEN 'jw88' ELSE 'else' END AS place,
        l_g_normal AS lg, r_g_normal AS rg, l_f_normal AS lf, r_f_normal AS rf
    FROM o
    """


def _weight_case(params: Params, comparison: str, names_agree: bool = False) -> str:
    whens = " ".join(
        f"WHEN {_q(level)} THEN {_f(params.level_weight(comparison, level, names_agree))}"
        for level in COMPARISONS[comparison]
    )
    plain = f"(CASE {comparison} {whens} WHEN {_q(NULL)} THEN 0.0::DOUBLE END)"
    condition = CONDITIONED.get(comparison)
    if condition is None or names_agree:
        return plain
    agree = ", ".join(_q(level) for level in AGREEING)
    conditioned = _weight_case(params, comparison, names_agree=True)
    return f"(CASE WHEN {condition} IN ({agree}) THEN {conditioned} ELSE {plain} END)"


def _share(left_alias: str, right_alias: str, records: int, floor_count: int) -> str:
    return (
        f"(greatest(coalesce({left_alias}.n, {floor_count}), "
        f"coalesce({right_alias}.n, {floor_count}))::DOUBLE / {records})"
    )


def _tf(params: Params, comparison: str, share: str) -> str:
    """The term-frequency adjustment of an agreeing name, as model.tf_adjustment."""
    if share == "NULL":
        return "0.0::DOUBLE"
    floor = _f(params.tf_floor)
    whens = " ".join(
        f"WHEN {_q(level)} THEN "
        f"log2({_f(max(params.u[comparison][level], 1e-9))} / greatest({share}, {floor}))"
        for level in TF_LEVELS
    )
    return f"(CASE {comparison} {whens} ELSE 0.0::DOUBLE END)"


def scored_sql(params: Params, records: int, floor_count: int, source: str) -> str:
    """Every spelling pair with its weights; the best per record pair is kept later."""
    weights = [f"{_weight_case(params, c)} AS w_{c}" for c in COMPARISONS]
    share_given = _share("fgl", "fgr", records, floor_count) if records else "NULL"
    share_family = _share("ffl", "ffr", records, floor_count) if records else "NULL"
    return f"""
    SELECT v.*, {", ".join(weights)},
        {_tf(params, "given", share_given)} AS tf_given,
        {_tf(params, "family", share_family)} AS tf_family,
        {share_given} AS share_given, {share_family} AS share_family
    FROM ({levels_sql(source)}) AS v
    LEFT JOIN freq AS fgl ON fgl.kind = 'given' AND fgl.value = v.lg
    LEFT JOIN freq AS fgr ON fgr.kind = 'given' AND fgr.value = v.rg
    LEFT JOIN freq AS ffl ON ffl.kind = 'family' AND ffl.value = v.lf
    LEFT JOIN freq AS ffr ON ffr.kind = 'family' AND ffr.value = v.rf
    """


def best_sql(params: Params, records: int, floor_count: int, source: str, min_weight) -> str:
    """The best spelling pair of each record pair, if it weighs at least `min_weight`."""
    total = " + ".join(f"w_{c}" for c in COMPARISONS) + " + tf_given + tf_family"
    # Spelling pairs under the floor are dropped before the window: the best of the rest
    # is the best of all whenever that reaches the floor, and the window then sorts a
    # few hundred thousand rows, not the tens of millions compared.
    return f"""
    SELECT * FROM (
        SELECT s.*, {_f(params.prior_weight)} + {total} AS weight
        FROM ({scored_sql(params, records, floor_count, source)}) AS s
    )
    WHERE weight >= {_f(min_weight)}
    QUALIFY row_number() OVER (PARTITION BY a, b ORDER BY weight DESC, lsp, rsp) = 1
    """
