"""The benchmark's output: a table on the terminal (with the ratio page/floor and the
targets of issue 11 marked) and the same figures as JSON in bench/results/."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

# Issue 11 "What must be true" 3 (PostgreSQL, 1 M participants).
TARGET_P95_MS = 150
TARGET_P95_CONCURRENT_MS = 300
TARGET_QUERIES = 15
TARGET_RATIO = 10


def _mark(value, limit) -> str:
    return " " if value is None or value <= limit else "!"


def _ms(value) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}" if value < 10 else f"{value:,.0f}"


def row_text(result: dict) -> str:
    seq, conc, fl = result["sequential"], result.get("concurrent") or {}, result["floor"]
    ratio = result.get("ratio")
    queries = result.get("queries")
    same = result.get("same_rows")
    same_text = "–" if same is None else ("yes" if same else "NO")
    return (
        f"{result['label'][:28]:<28} {result['persona']:<11} "
        f"{_ms(seq.get('median_ms')):>7} {_ms(seq.get('p95_ms')):>7}"
        f"{_mark(seq.get('p95_ms'), TARGET_P95_MS)}"
        f"{_ms(conc.get('p95_ms')):>8}{_mark(conc.get('p95_ms'), TARGET_P95_CONCURRENT_MS)}"
        f"{'–' if queries is None else queries:>5}{_mark(queries, TARGET_QUERIES)}"
        f"{_ms(fl.get('median_ms')):>7} "
        f"{'–' if ratio is None else f'{ratio:,.1f}':>6}{_mark(ratio, TARGET_RATIO)}"
        f" {same_text:>4}  {result.get('note', '')}"
    )


HEADER = (
    f"{'page':<28} {'persona':<11} {'median':>7} {'p95':>7} {'p95@20':>8} {'SQL':>5} "
    f"{'floor':>7} {'ratio':>7} {'rows':>4}\n"
    f"{'':<28} {'':<11} {'ms':>7} {'ms':>7} {'ms':>8} {'':>5} {'ms':>7} "
    f"{'×':>7}"
)


def print_table(meta: dict, results: list[dict]) -> None:
    print()
    print(
        f"{meta['vendor']} {meta['database']}: {meta['participants']:,} participants, "
        f"{meta['activities']:,} activities; load before the run {meta['load_before']}"
    )
    print(HEADER)
    for result in results:
        print(row_text(result))
    print(
        f"! over a target: p95 {TARGET_P95_MS} ms, p95 at 20 users "
        f"{TARGET_P95_CONCURRENT_MS} ms, {TARGET_QUERIES} queries, {TARGET_RATIO}× the floor. "
        "rows: the floor returns the ids the page links to (– not compared)."
    )


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def write_json(directory: Path, meta: dict, targets: dict, results: list[dict]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    name = f"pages-{meta['vendor']}-{meta['participants']}-{meta['started'].replace(':', '')}.json"
    path = directory / name
    path.write_text(
        json.dumps({"meta": meta, "targets": targets, "results": results}, indent=1) + "\n"
    )
    return path


def load_average() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return ""
