"""Estimating the model from the register (as Splink does, and as Fellegi and Sunter
proposed): u from random pairs, m by expectation maximisation over the blocked pairs,
with reviewers' decisions as known answers.

- **u**: among two records drawn at random almost none are one person, so the share of
  random pairs falling into a level is its u (a million random pairs, own names only).
- **m**: the blocked pairs are a mixture of matches and non-matches. EM alternates
  between the probability that each comparison pattern is a match (given m, u and the
  share of matches) and m given those probabilities, with u held fixed. As in Splink,
  a comparison that chose the pairs cannot be learnt from them (all blocked pairs agree
  on it): one session over pairs blocked by name learns the date, sex, citizenship and
  place; one over pairs blocked by date of birth learns the names. Patterns are
  counted in the database first, so EM runs over a few thousand patterns, not millions
  of pairs.
- **Reviewers' decisions**: a merged pair ("same person") enters EM as a match, a pair
  marked "different people" as a non-match, whatever EM would have guessed: decisions
  pull m towards what people found.
- **Prior** (λ, two records drawn at random are one person), as Splink estimates it
  from deterministic rules: the pairs agreeing exactly on given names, family name and
  full date of birth, divided by the share of duplicates expected to agree that
  exactly (`EXACT_RECALL`), over all pairs of the register.
"""

from __future__ import annotations

from .comparisons import COMPARISONS, NULL
from .engine_sql import levels_sql
from .model import AGREEING, CONDITIONED, Params, agreeing

RANDOM_PAIRS = 1_000_000
ITERATIONS = 25
EXACT_RECALL = 0.5  # about half the duplicates of a register agree exactly on all three
PRIOR_PAIRS = 200  # how many decided pairs the hand-set m is worth
START_SHARE = 0.02  # about one blocked pair in fifty is a match (re-estimated)
SMOOTHING = 1e-4  # no level is ever impossible
LEVEL_COLUMNS = ", ".join(COMPARISONS)


def _patterns(con, source: str) -> list[tuple]:
    """(levels..., count) of the own-name spelling pairs of the record pairs in `source`."""
    sql = levels_sql(source)
    return con.execute(
        f"SELECT {LEVEL_COLUMNS}, count(*) FROM ({sql}) WHERE lsp = 0 AND rsp = 0 GROUP BY ALL"
    ).fetchall()


def estimate_u(con, records: int) -> dict[str, dict[str, float]]:
    con.execute(
        "CREATE OR REPLACE TABLE numbered AS SELECT pid, row_number() OVER () - 1 AS i "
        "FROM spellings WHERE sp = 0 AND merged = 0"
    )
    sample = min(RANDOM_PAIRS, max(records * (records - 1) // 2, 1))
    con.execute("SELECT setseed(0.42)")
    con.execute(
        f"CREATE OR REPLACE TABLE random_pairs AS "
        f"SELECT least(l.pid, r.pid) AS a, greatest(l.pid, r.pid) AS b FROM ("
        f"  SELECT floor(random() * {records})::BIGINT AS i, "
        f"         floor(random() * {records})::BIGINT AS j FROM range({sample})"
        f") AS x JOIN numbered AS l ON l.i = x.i JOIN numbered AS r ON r.i = x.j "
        f"WHERE l.pid <> r.pid"
    )
    return _shares(_patterns(con, "random_pairs"))


def _shares(patterns, only: str | None = None):
    """Share of each level among `patterns` (levels..., count); with `only`, patterns
    are (level, count) of that comparison and its shares are returned."""
    if only is not None:
        counts = dict.fromkeys(COMPARISONS[only], SMOOTHING)
        for level, count in patterns:
            if level != NULL:
                counts[level] += count
        total = sum(counts.values())
        return {level: count / total for level, count in counts.items()}
    shares = {}
    for index, (comparison, levels) in enumerate(COMPARISONS.items()):
        counts = dict.fromkeys(levels, SMOOTHING)
        for row in patterns:
            if row[index] != NULL:
                counts[row[index]] += row[-1]
        total = sum(counts.values())
        shares[comparison] = {level: count / total for level, count in counts.items()}
    return shares


def u_among_agreeing_names(patterns) -> dict[str, dict[str, float]]:
    """u of sex, citizenship and place among blocked pairs whose names agree (nearly all
    of them two people; `model.CONDITIONED`)."""
    names = list(COMPARISONS)
    result = {}
    for comparison, condition in CONDITIONED.items():
        on, at = names.index(condition), names.index(comparison)
        chosen = [row for row in patterns if row[on] in AGREEING]
        result[agreeing(comparison)] = _shares(
            [(row[at], row[-1]) for row in chosen], only=comparison
        )
    return result


def _labelled(con) -> list[tuple]:
    """(levels..., count, label) of the pairs people decided (1 same, 0 different)."""
    from .models import Decision, MergeRecord

    merged = MergeRecord.objects.filter(undone_at__isnull=True).values_list(
        "survivor_id", "merged_id"
    )
    different = Decision.objects.values_list("a_id", "b_id")
    rows = []
    for label, pairs in ((1, merged), (0, different)):
        con.execute("CREATE OR REPLACE TABLE labels (a BIGINT, b BIGINT)")
        pairs = [(min(a, b), max(a, b)) for a, b in pairs]
        if not pairs:
            continue
        con.executemany("INSERT INTO labels VALUES (?, ?)", pairs)
        rows += [(*row, label) for row in _patterns(con, "labels")]
    return rows


def _product(levels, table, kept) -> float:
    result = 1.0
    for comparison, level in zip(COMPARISONS, levels, strict=True):
        if level != NULL and kept[comparison]:
            result *= table[comparison][level]
    return result


def expectation_maximisation(patterns, labelled, m, u, *, share, use, learn):
    """m of the comparisons in `learn` and the share of matches among the blocked pairs,
    u fixed; only the comparisons in `use` enter the likelihood (not those the pairs
    were blocked on, nor those correlated with them among non-matches)."""
    m = {c: dict(levels) for c, levels in m.items()}
    used = {c: (c in use) for c in COMPARISONS}
    rows = [(row[:-1], row[-1], None) for row in patterns]
    rows += [(row[:-2], row[-2], row[-1]) for row in labelled]
    matches = 0.0
    for _iteration in range(ITERATIONS):
        totals = {c: dict.fromkeys(COMPARISONS[c], SMOOTHING) for c in COMPARISONS}
        matches = pairs = 0.0
        for levels, count, label in rows:
            if label is None:
                yes = share * _product(levels, m, used)
                no = (1 - share) * _product(levels, u, used)
                posterior = yes / (yes + no) if yes + no > 0 else 0.0
            else:
                posterior = float(label)
            matches += count * posterior
            pairs += count
            for comparison, level in zip(COMPARISONS, levels, strict=True):
                if level != NULL:
                    totals[comparison][level] += count * posterior
        share = min(max(matches / pairs, 1e-9), 0.999) if pairs else share
        for comparison in learn:
            total = sum(totals[comparison].values())
            m[comparison] = {level: value / total for level, value in totals[comparison].items()}
    return m, share, matches


def from_decisions(m, labelled, weight: float = PRIOR_PAIRS):
    """m moved towards the levels of the pairs reviewers found to be one person: the
    prior m counts as `weight` pairs, each decided pair as one."""
    same = [row for row in labelled if row[-1] == 1]
    result = {}
    for index, (comparison, levels) in enumerate(COMPARISONS.items()):
        counts = {level: weight * m[comparison][level] for level in levels}
        for row in same:
            if row[index] != NULL:
                counts[row[index]] += row[-2]
        total = sum(counts.values())
        result[comparison] = {level: count / total for level, count in counts.items()}
    return result


def train(con, params: Params, records: int) -> Params:
    """New parameters from the register loaded in `con` (the batch run's tables)."""
    from . import blocks
    from .engine_sql import block

    u = estimate_u(con, records)
    labelled = _labelled(con)
    start = Params.default().m  # never from a previous run: EM could only drift further
    m = from_decisions(start, labelled)
    block(con, blocks.max_block())
    patterns = _patterns(con, "pairs")
    u.update(u_among_agreeing_names(patterns))
    exact = sum(
        row[-1] for row in patterns if row[0] == "exact" and row[1] == "exact" and row[2] == "day"
    )
    all_pairs = max(records * (records - 1) / 2, 1)
    matches = max(exact, 1) / EXACT_RECALL
    trained = Params(m=m, u=u, threshold=params.threshold, tf_floor=params.tf_floor)
    trained.prior = min(max(matches / all_pairs, 1e-12), 0.5)
    trained.source = "trained"
    trained.facts = {
        "records": records,
        "blocked_patterns": len(patterns),
        "labelled_pairs": sum(row[-2] for row in labelled),
        "exact_pairs": exact,
        "expected_matches": round(matches),
    }
    return trained
