"""Duplicate detection measured: quality on the variant set, batch time and memory,
incremental linking time. Prints figures, asserts nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inp_dupes_100k \\
        .venv/bin/python -m bench.linkage.run load --records 100000
    ... run.py batch [--train]      # the batch run; precision and recall at the threshold
    ... run.py incremental          # p50/p95 of linking one new person, of the warning
    ... run.py splink               # the same set through Splink (bench/linkage/splink_eval.py)

`load` empties the database's participants and loads the variant set (bench/linkage/
variants.py, seed 13) with the set's ids as participant ids, so the truth is known.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("INPROCEDERE_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inprocedere.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.linkage.variants import generate  # noqa: E402


def truth(rows) -> set[tuple[int, int]]:
    people = defaultdict(list)
    for row in rows:
        people[row.person].append(row.id)
    return {tuple(sorted(pair)) for ids in people.values() for pair in combinations(ids, 2)}


COLUMNS = [
    "id",
    "family_name",
    "given_names",
    "birth_date",
    "birth_place",
    "gender",
    "citizenships",
    "stateless",
    "languages",
    "phone",
    "email",
    "street",
    "postcode",
    "municipality",
    "minor_children",
    "household_note",
    "foreign_background",
    "disability",
    "minority",
    "registered_by_id",
    "created_at",
    "search_text",
    "version",
    "updated_at",
]
WHEN = "2026-01-01T00:00:00Z"


def _cells(r, organisation_id: int) -> tuple:
    birth = r.cells()[5]
    blank = ("",) * 5
    person = (r.id, r.family_name, r.given_names, birth, r.birth_place, r.gender, r.citizenships)
    return (*person, False, [], *blank, 0, "", "", "", "", organisation_id, WHEN, "", 1, WHEN)


def load(records: int, seed: int) -> None:
    from inprocedere.duplicates.models import BlockingKey, CandidatePair, LinkageModel
    from inprocedere.duplicates.writing import write_rows
    from inprocedere.network.models import Organisation
    from inprocedere.participants.models import Participant

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        call_command("demo", verbosity=0)
        organisation = Organisation.objects.order_by("pk").first()
    started = time.monotonic()
    rows = generate(records, seed)
    with transaction.atomic():
        CandidatePair.objects.all().delete()
        BlockingKey.objects.all().delete()
        LinkageModel.objects.all().delete()
        with connection.cursor() as cursor:  # a bench database: whatever refers to people goes
            cursor.execute("TRUNCATE participants_participant CASCADE")
        write_rows(Participant._meta.db_table, COLUMNS, (_cells(r, organisation.pk) for r in rows))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('participants_participant', 'id'), "
                "(SELECT max(id) FROM participants_participant))"
            )
            cursor.execute("ANALYZE")
    kinds = Counter(row.kind.split(":")[0] for row in rows)
    print(f"loaded {len(rows)} records in {time.monotonic() - started:.1f} s: {dict(kinds)}")


def quality(rows, found: dict[tuple[int, int], float], threshold: float) -> dict:
    expected = truth(rows)
    predicted = {pair for pair, score in found.items() if score >= threshold}
    hits = expected & predicted
    by_id = {row.id: row for row in rows}
    missed = Counter(by_id[b].kind if by_id[b].kind != "original" else by_id[a].kind
                     for a, b in expected - predicted)  # fmt: skip
    wrong = Counter(by_id[b].kind if by_id[b].kind != "original" else by_id[a].kind
                    for a, b in predicted - expected)  # fmt: skip
    precision = len(hits) / len(predicted) if predicted else 1.0
    recall = len(hits) / len(expected) if expected else 1.0
    return {
        "threshold": threshold,
        "true_pairs": len(expected),
        "predicted": len(predicted),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "missed_by_kind": dict(missed.most_common()),
        "wrong_by_kind": dict(wrong.most_common()),
    }


def batch(records: int, seed: int, train: bool) -> None:
    from inprocedere.duplicates import engine, store
    from inprocedere.duplicates.models import CandidatePair

    started = time.monotonic()
    stats = engine.rebuild(train=train)
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"batch: {stats} in {seconds:.1f} s wall, peak RSS {peak:.0f} MB (this process)")
    params = store.current()
    found = {(a, b): s for a, b, s in CandidatePair.objects.values_list("a_id", "b_id", "score")}
    rows = generate(records, seed)
    for threshold in sorted({params.threshold, 0.5, 0.8, 0.9, 0.95, 0.99}):
        print(quality(rows, found, threshold))


def incremental(samples: int) -> None:
    from inprocedere.duplicates import blocks, candidates
    from inprocedere.duplicates.features import record
    from inprocedere.participants.models import Participant

    ids = list(Participant.unrestricted.order_by("?").values_list("pk", flat=True)[:samples])
    people = Participant.unrestricted.filter(pk__in=ids)
    timings: dict[str, list[float]] = {"warning": [], "refresh": []}
    cpu: dict[str, list[float]] = {"warning": [], "refresh": []}
    compared = []
    for person in people:
        entered = record(family_name=person.family_name, given_names=person.given_names,
                         birth=person.birth_date)  # fmt: skip
        owns = candidates._owns(entered)
        compared.append(len(blocks.partners(owns).get(None, ())) if owns else 0)
        for label, call in (
            ("warning", lambda p=person: candidates.candidates_for(
                p.family_name, p.given_names, p.birth_date, p.citizenships,
                gender=p.gender, birth_place=p.birth_place)),
            ("refresh", lambda p=person: candidates.refresh([p.pk])),
        ):  # fmt: skip
            started, started_cpu = time.perf_counter(), time.process_time()
            call()
            timings[label].append(time.perf_counter() - started)
            cpu[label].append(time.process_time() - started_cpu)
    compared.sort()
    print(f"records compared per person: p50 {statistics.median(compared)}, "
          f"p95 {compared[int(len(compared) * 0.95) - 1]}, max {compared[-1]}")  # fmt: skip
    for label in timings:
        wall, own = sorted(timings[label]), sorted(cpu[label])
        p95 = int(len(wall) * 0.95) - 1
        print(f"{label}: n={len(wall)} wall p50 {statistics.median(wall) * 1000:.1f} ms, "
              f"p95 {wall[p95] * 1000:.1f} ms, max {wall[-1] * 1000:.1f} ms; "
              f"CPU of this process p50 {statistics.median(own) * 1000:.1f} ms, "
              f"p95 {own[p95] * 1000:.1f} ms")  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["load", "batch", "incremental", "splink"])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--train", action="store_true")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args(argv)
    if args.command == "load":
        load(args.records, args.seed)
    elif args.command == "batch":
        batch(args.records, args.seed, args.train)
    elif args.command == "incremental":
        incremental(args.samples)
    else:
        from bench.linkage.splink_eval import run

        run(generate(args.records, args.seed), quality)


if __name__ == "__main__":
    main()
