"""Benchmark of the participant-sheet import at scale: prints figures, asserts nothing.

    .venv/bin/python bench/imports.py                   # 100,000 rows, SQLite in a temp dir
    BENCH_IMPORT_ROWS=10000 .venv/bin/python bench/imports.py
    BENCH_IMPORT_COMMIT=0 .venv/bin/python bench/imports.py      # the check only
    DATABASE_URL=postgres://… .venv/bin/python bench/imports.py
    BENCH_IMPORT_PROFILE=/tmp/import.prof …     # cProfile of the import into that file

Writes a CSV sheet of BENCH_IMPORT_ROWS rows (one entry each; a tenth with exit and
follow-up, every fifth with a residence status), then times the check (first pass,
nothing written) and the import (one transaction through the services), printing rows
per second and the peak memory (resident set size) of the process after each phase.
"""

import csv
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
tmp = tempfile.mkdtemp(prefix="inprocedere-bench-import-")
os.environ.setdefault("INPROCEDERE_VAR_DIR", tmp)
os.environ.setdefault("INPROCEDERE_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inprocedere.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
COMMIT = os.environ.get("BENCH_IMPORT_COMMIT", "1") == "1"  # 0: the check only
HEADER = [
    "participant_ref",
    "family_name",
    "given_names",
    "birth_date",
    "gender",
    "citizenship",
    "foreign_background",
    "postcode",
    "municipality",
    "rural",
    "homeless",
    "residence_status",
    "benefits",
    "employment_status_at_entry",
    "isced",
    "esf_consent",
    "entry_date",
    "counselling_hours",
    "exit_date",
    "exit_reason",
    "status_upon_leaving",
    "qualification_gained",
    "status_6_months",
    "situation_improved_6_months",
]
GENDERS = ["weiblich", "männlich", "divers", "keine Angabe"]
COUNTRIES = ["SY", "AF", "ER", "IQ", "SO", "NG", "IR", "TR;SY", "stateless"]
STATUS = ["duldung", "gestattung", "25-5", "25b", "beschaeftigungsduldung"]
EMPLOYMENT = ["unemployed", "long_term_unemployed", "inactive", "employed", "self_employed"]
BENEFITS = ["asylblg", "sgb2", "sgb3", "sgb12", "none"]


SIMILAR_NAMES = os.environ.get("BENCH_IMPORT_SIMILAR_NAMES", "0") == "1"
SYLLABLES = ["ba", "ke", "li", "mo", "nu", "ra", "se", "ti", "vo", "za", "han", "mer", "dal"]


def person_name(n: int, salt: int) -> str:
    """A name of three or four syllables, different for every n: like a register's names,
    most of them share no blocking key (BENCH_IMPORT_SIMILAR_NAMES=1 gives the older
    'Familienname<n>', which puts every person in one block of the duplicate detection)."""
    n = n * 7919 + salt
    parts = []
    for _ in range(3 + n % 2):
        n, rest = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[rest])
    return "".join(parts).capitalize()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_sheet(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for n in range(rows):
            exited = n % 10 == 0
            writer.writerow(
                [
                    f"B-{n:06d}",
                    f"Familienname{n}" if SIMILAR_NAMES else person_name(n, 17),
                    f"Vorname{n % 997}" if SIMILAR_NAMES else person_name(n % 997, 3),
                    f"{1960 + n % 45}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                    GENDERS[n % 4],
                    COUNTRIES[n % len(COUNTRIES)],
                    "ja" if n % 3 else "nein",
                    f"{76700 + n % 200}",
                    "Germersheim",
                    "ja" if n % 2 else "nein",
                    "nein",
                    STATUS[n % len(STATUS)] if n % 5 == 0 else "",
                    BENEFITS[n % len(BENEFITS)],
                    EMPLOYMENT[n % len(EMPLOYMENT)],
                    str(n % 9),
                    "ja" if n % 8 else "nein",
                    f"{1 + n % 28:02d}.{1 + n % 12:02d}.2023",
                    f"{n % 40},5",
                    "15.03.2024" if exited else "",
                    "placed" if exited else "",
                    "employed" if exited else "",
                    "nein" if exited else "",
                    "employed" if exited else "",
                    "ja" if exited else "",
                ]
            )


def main():
    call_command("migrate", verbosity=0)
    from inprocedere.imports import services
    from inprocedere.imports.models import ImportRun
    from inprocedere.network.demo import seed_demo
    from inprocedere.network.models import Organisation

    seed_demo()
    organisation = Organisation.objects.get(slug="profes")
    actor = services.system_actor(organisation)
    path = Path(tmp) / "participants.csv"
    start = time.perf_counter()
    write_sheet(path, ROWS)
    size = path.stat().st_size / 1024 / 1024
    print(
        f"sheet: {ROWS} rows, {size:.1f} MB, written in {time.perf_counter() - start:.1f} s;"
        f" {connection.vendor}; baseline peak memory {peak_mb():.0f} MB"
    )
    start, cpu = time.perf_counter(), time.process_time()
    run = services.check_path(actor=actor, organisation=organisation, path=path, source="command")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"check:  {ROWS / seconds:8.0f} rows/s  ({seconds:.1f} s, status {run.status},"
        f" {run.summary.get('errors')} errors)   peak memory {peak_mb():.0f} MB"
    )
    print(f"        {ROWS / cpu:8.0f} rows per CPU second of this process ({cpu:.1f} s)")
    if run.status != ImportRun.Status.CHECKED:
        for problem in run.problem_list[:10]:
            print("  ", problem.row, problem.column, problem.message)
        return
    if not COMMIT:
        services.run_discard(actor=actor, run=run)
        return
    profile = os.environ.get("BENCH_IMPORT_PROFILE")  # a file: cProfile of the import
    if profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU, not the shared wall
        profiler.enable()
    from inprocedere.imports import jobs, pending

    # The import's transaction, and then (timed on its own) the duplicate keys of its
    # people, which the same job computes after the commit (decision 0022).
    after_commit, jobs.refresh_keys = jobs.refresh_keys, lambda run: None
    start, cpu = time.perf_counter(), time.process_time()
    run = services.run_commit(actor=actor, run=run, background=False)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"import: {ROWS / seconds:8.0f} rows/s  ({seconds:.1f} s, status {run.status},"
        f" {run.result})   peak memory {peak_mb():.0f} MB"
    )
    # The machine may be shared: the process's own CPU time says what it would do alone
    # (the database server's time, on PostgreSQL, is not in it).
    print(f"        {ROWS / cpu:8.0f} rows per CPU second of this process ({cpu:.1f} s)")
    start2, cpu2 = time.perf_counter(), time.process_time()
    after_commit(run)
    keys, keys_cpu = time.perf_counter() - start2, time.process_time() - cpu2
    if profile:
        profiler.disable()
        profiler.dump_stats(profile)
    print(
        f"keys:   {ROWS / keys:8.0f} rows/s  ({keys:.1f} s: duplicate keys after the commit,"
        f" {pending.pending_count()} left)   peak memory {peak_mb():.0f} MB"
    )
    print(f"        {ROWS / keys_cpu:8.0f} rows per CPU second of this process ({keys_cpu:.1f} s)")
    seconds, cpu = seconds + keys, cpu + keys_cpu
    print(f"both:   {ROWS / seconds:8.0f} rows/s, {ROWS / cpu:8.0f} rows per CPU second")


if __name__ == "__main__":
    main()
