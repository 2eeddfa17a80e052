"""The page benchmark (issue 11): the real server against a seeded database.

    export INPROCEDERE_DEMO=1 DATABASE_URL=postgres://…/inp_bench_100k
    make bench                                    # or: .venv/bin/python bench/web.py
    .venv/bin/python bench/web.py --only participant_list,case_detail --seconds 5

Starts `inprocedere serve` (gunicorn, as production runs it) on port 8102, signs in as
each persona that uses a page, and measures per page and persona: median and p95 of
sequential requests; p95 with 20 users who each wait 1 s between requests (the first
persona of each page); the SQL queries of one request; and the floor (floors.py), the
hand-written SQL returning the same rows, timed in the same run. Prints a table with the
ratio page/floor and writes it as JSON to bench/results/. Prints figures, asserts
nothing. Refuses a database that may hold real people (scale/seed/guard.py) unless
--i-know-this-is-not-production is given. docs/performance.md has the latest figures.
"""

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inprocedere.config.settings")
# The server answers 127.0.0.1, the in-process query count uses the test client's host.
os.environ["ALLOWED_HOSTS"] = ",".join(
    {*os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(","), "127.0.0.1", "testserver"}
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from harness import client, measure, report, targets  # noqa: E402
from harness.client import Session  # noqa: E402
from harness.pages import PAGES  # noqa: E402
from harness.server import Server  # noqa: E402

from inprocedere.scale.seed import guard  # noqa: E402


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(guard.CONFIRM_FLAG, dest="confirmed", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated page keys")
    parser.add_argument("--personas", default="", help="comma-separated usernames")
    parser.add_argument("--repeat", type=int, default=20, help="sequential requests per page")
    parser.add_argument("--users", type=int, default=20, help="concurrent users")
    parser.add_argument("--seconds", type=float, default=15, help="concurrent pass length")
    parser.add_argument(
        "--all-concurrent", action="store_true", help="every persona, not the first"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=120,
        help="seconds a request or a floor may take before it is recorded as a timeout",
    )
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    options = parser.parse_args(argv)
    if options.repeat < 1 or options.users < 0 or options.seconds < 0 or options.timeout <= 0:
        parser.error(
            "--repeat must be at least 1, --users and --seconds not negative, --timeout positive"
        )
    return options


def selected(options):
    only = {key for key in options.only.split(",") if key}
    unknown = only - {page.key for page in PAGES}
    if unknown:
        sys.exit(
            f"Unknown page(s): {', '.join(sorted(unknown))}. Known: "
            + ", ".join(page.key for page in PAGES)
        )
    personas = {name for name in options.personas.split(",") if name}
    work = []
    for page in PAGES:
        if only and page.key not in only:
            continue
        names = [n for n in page.personas if not personas or n in personas]
        work.extend((page, name, number == 0) for number, name in enumerate(names))
    return work


def in_process(work, found, repeat) -> list[dict]:
    """Query counts and floors, before the server starts (nothing else runs meanwhile)."""
    results = []
    for page, name, first in work:
        persona = found.personas.get(name)
        path = page.path(found, name) if persona else None
        result = {
            "page": page.key,
            "label": page.label,
            "persona": name,
            "path": path,
            "first": first,
            "sequential": {},
            "floor": {},
        }
        results.append(result)
        if persona is None or path is None:
            result["note"] = "no such persona" if persona is None else "nothing to open"
            continue
        # A page or floor that fails or times out is recorded (`error`, `floor_error`),
        # never the end of the run: the other pages are still measured.
        try:
            result["queries"], result["status"] = measure.queries(persona.user, path)
        except Exception as error:  # any failure of the page is a result, not the end
            result["error"] = f"in process: {measure.failure(error)}"
            result["note"] = result["error"]
            continue
        if page.floor is not None:
            try:
                durations, ids = measure.floor(page.floor(persona, found), repeat=repeat)
            except Exception as error:  # a floor that fails or times out is a result too
                result["floor_error"] = measure.failure(error)
                continue
            result["floor"] = measure.summary(durations)
            result["floor_ids"] = ids
    return results


def over_http(results, found, options) -> None:
    sessions = {}
    for result in results:
        path = result["path"]
        if path is None or result.get("status") != 200:
            result.setdefault("note", f"HTTP {result.get('status')} in process")
            continue
        name = result["persona"]
        session = _session(sessions, name, options.port)
        if isinstance(session, str):
            result["error"] = result["note"] = session
            print(report.row_text(result), flush=True)
            continue
        durations, status, body, failures = measure.sequential(session, path, repeat=options.repeat)
        result["sequential"] = measure.summary(durations)
        if failures:
            result["failures"] = failures
            result["note"] = f"{len(failures)} failed: {failures[0]}"
        if status != 200 or not durations:
            result["error"] = result["note"] = result.get("note") or f"HTTP {status}"
            print(report.row_text(result), flush=True)
            continue
        pattern = next(p.rows for p in PAGES if p.key == result["page"])
        if pattern and "floor_ids" in result:
            linked = measure.linked_ids(pattern, body)
            result["same_rows"] = sorted(linked) == sorted(result["floor_ids"])
            result["page_rows"], result["floor_rows"] = len(linked), len(result["floor_ids"])
            result["page_ids"] = linked
        if result["floor"].get("median_ms"):
            result["ratio"] = round(
                result["sequential"]["median_ms"] / result["floor"]["median_ms"], 1
            )
        if options.users and (result["first"] or options.all_concurrent):
            durations, failures = measure.concurrent(
                options.port,
                sessions[name].cookies,
                path,
                users=options.users,
                seconds=options.seconds,
            )
            result["concurrent"] = {**measure.summary(durations), "failures": len(failures)}
        print(report.row_text(result), flush=True)
    for session in sessions.values():
        if not isinstance(session, str):
            session.close()


def _session(sessions: dict, name: str, port: int):
    """The persona's signed-in session, or why it could not sign in (kept, so each of the
    persona's pages names the reason instead of trying again)."""
    if name not in sessions:
        session = Session(port)
        try:
            session.login(name)
        except (OSError, RuntimeError) as error:
            session.close()
            session = f"sign-in failed: {measure.failure(error)}"
        sessions[name] = session
    return sessions[name]


def main(argv=None):
    options = arguments(argv)
    try:
        guard.refuse_real_data(confirmed=options.confirmed)
    except guard.Refused as refused:
        sys.exit(str(refused))
    work = selected(options)
    found = targets.pick({name for _page, name, _first in work})
    if not found.participants:
        sys.exit("The database holds no participants: grow it first (inprocedere bench seed).")
    meta = {
        "vendor": connection.vendor,
        "database": str(connection.settings_dict["NAME"]),
        "participants": found.participants,
        "activities": found.activities,
        "started": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": report.commit(),
        "load_before": report.load_average(),
        "options": {k: str(v) for k, v in vars(options).items()},
    }
    print(
        f"Targets: common name {found.common_name!r}, rare name {found.rare_name!r}, "
        f"birth year {found.birth_year}, identifier {found.identifier!r}, case "
        f"{found.showcase_case} ({found.showcase_activities} activities)",
        flush=True,
    )
    call_command("collectstatic", interactive=False, verbosity=0)  # as `make run` does
    client.TIMEOUT = options.timeout
    if connection.vendor == "postgresql":
        # A floor (or a page counted in process) that runs away is cut and recorded.
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(options.timeout * 1000)}")
    results = in_process(work, found, options.repeat)
    connection.close()  # the server's workers have the database to themselves
    server = Server(port=options.port, workers=options.workers, log=options.out / "server.log")
    options.out.mkdir(parents=True, exist_ok=True)
    server.start()
    try:
        print(report.HEADER, flush=True)
        over_http(results, found, options)
    finally:
        server.stop()
    meta["load_after"] = report.load_average()
    report.print_table(meta, results)
    picked = {k: v for k, v in vars(found).items() if k != "personas"}
    print(f"JSON: {report.write_json(options.out, meta, picked, results)}")


if __name__ == "__main__":
    main()
