"""Benchmark of the reports at scale: prints figures, asserts nothing (issue 12).

    DATABASE_URL=postgres://…/inp_reports_100k .venv/bin/python bench/reports.py
    BENCH_FROM=2025-01-01 BENCH_TO=2025-12-31 …       # the range (default: last year)
    BENCH_ONLY=floor,report …                          # a selection of the jobs below
    BENCH_BEFORE=1 …                                   # also the Python engine of before

Runs on a register that is already there (`inprocedere bench seed --participants N`, or
a copy of the shared benchmark database). Each job runs in a process of its own, so the
peak resident memory printed is that job's alone (`os.wait4`); the time is the job's
wall-clock time without the interpreter's start, except for `cli`, which is the whole
`inprocedere report esf` command as a user runs it.

Jobs: `floor` (one hand-written statement counting EECO01's people, the least any
report can cost), `report` (the ESF report as the CLI, API and page build it), `cli`,
`api` (GET /api/v1/reports/esf as the coordinating office), `page` (the ESF page as the
coordinating office), `figure` (the first page of participants behind EECO01, a team
lead), `retention` (`retention due` and the daily task: who is due for erasure
today), `figures` (the network figures page as the coordinating office), `cell` (the
participants behind the figure "in counselling" of the range's last month, a team lead),
`monitor` (the cooperation monitor page as the coordinating office), and with
BENCH_BEFORE=1 `before` and `figures_before` (the Python counting of before issue 12,
kept in tests/reporting/esf_reference.py and figures_reference.py).
"""

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INPROCEDERE_VAR_DIR", tempfile.mkdtemp(prefix="inprocedere-bench-rep-"))
os.environ.setdefault("INPROCEDERE_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inprocedere.config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

LAST_YEAR = dt.date.today().year - 1
DATE_FROM = os.environ.get("BENCH_FROM", f"{LAST_YEAR}-01-01")
DATE_TO = os.environ.get("BENCH_TO", f"{LAST_YEAR}-12-31")
JOBS = [
    "floor",
    "report",
    "cli",
    "api",
    "page",
    "figure",
    "retention",
    "figures",
    "cell",
    "monitor",
]


def _range():
    return dt.date.fromisoformat(DATE_FROM), dt.date.fromisoformat(DATE_TO)


def _client(username):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    # Pages without `collectstatic`: plain static URLs, as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    from tests.conftest import sign_in_fully

    return sign_in_fully(Client(), get_user_model().objects.get(username=username))


def job_floor():
    from django.db import connection

    from inprocedere.cases.models import Case

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(DISTINCT participant_id) FROM {Case._meta.db_table}"
            " WHERE esf_entry_date BETWEEN %s AND %s",
            list(_range()),
        )
        return f"{cursor.fetchone()[0]} people entering"


def job_report():
    from inprocedere.reporting.esf import build_report
    from inprocedere.reporting.selectors import Scope

    date_from, date_to = _range()
    data = build_report(date_from=date_from, date_to=date_to, scope=Scope()).as_json()
    return f"EECO01 {data['indicators']['EECO01']['total']}, not counted {data['not_counted']}"


def job_before():
    from django.conf import settings

    from inprocedere.reporting.selectors import Scope
    from tests.reporting.esf_reference import compute, esf_facts

    date_from, date_to = _range()
    people, cases = esf_facts(Scope(), date_from, date_to)
    data = compute(
        people,
        cases,
        date_from=date_from,
        date_to=date_to,
        min_hours=settings.INPROCEDERE_ESF_MIN_HOURS,
    ).as_json()
    return f"EECO01 {data['indicators']['EECO01']['total']}, not counted {data['not_counted']}"


def job_figures_before():
    from inprocedere.reporting.selectors import Scope
    from tests.reporting.figures_reference import compute, figure_facts

    date_from, date_to = _range()
    tables = compute(
        figure_facts(Scope(), date_from, date_to), date_from=date_from, date_to=date_to
    )
    return f"{sum(row.cells['total'] for row in tables[0].rows)} person-months"


def job_retention():
    from django.utils import timezone

    from inprocedere.rights import retention

    found = retention.due(timezone.localdate())
    return f"{len(found)} people due for erasure today"


def _request(username, path, query):
    """A signed-in client, warmed up by one refused request (URLs, templates, session
    loaded, as in a running server); the job is the request itself."""
    client = _client(username)
    client.get(path, {"from": DATE_TO, "to": DATE_FROM})  # a bad range: answered at once

    def run():
        response = client.get(path, {"from": DATE_FROM, "to": DATE_TO, **query})
        shown = ""
        if response.context and "participants" in response.context:
            shown = f", {len(response.context['participants'])} shown on the page"
        return f"HTTP {response.status_code}, {len(response.content)} bytes{shown}"

    return run


def job_api():
    return _request("coordinator", "/api/v1/reports/esf", {})


def job_page():
    return _request("coordinator", "/reports/esf/", {})


def job_figure():
    return _request("teamlead", "/reports/esf/participants/", {"code": "EECO01"})


def job_figures():
    return _request("coordinator", "/reports/figures/", {})


def job_cell():
    month = DATE_TO[:7]
    query = {"figure": "stage", "row": month, "column": "counselling"}
    return _request("teamlead", "/reports/figures/participants/", query)


def job_monitor():
    return _request("coordinator", "/reports/cooperation/", {})


def child(name):
    """Run one job in this process and print its time (the parent adds the memory)."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    job = globals()[f"job_{name}"]
    if name in ("api", "page", "figure", "figures", "cell", "monitor"):
        job = job()  # prepared outside the clock: the request is timed
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = job()
        seconds = time.perf_counter() - start
    print(f"{seconds:.3f}\t{len(queries)}\t{result}")


def measure(name):
    if name == "cli":
        command = [
            str(ROOT / ".venv" / "bin" / "inprocedere"),
            *("report", "esf", "--from", DATE_FROM, "--to", DATE_TO),
        ]
    else:
        command = [sys.executable, __file__, "--job", name]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    peak = usage.ru_maxrss / 1024  # kB on Linux
    if status:
        print(f"{name:<8} FAILED (status {status})")
        return
    if name == "cli":
        seconds, queries, result = wall, "-", f"{len(output)} bytes of JSON"
    else:
        seconds, queries, result = output.strip().splitlines()[-1].split("\t")
    print(f"{name:<14} {float(seconds):8.2f} s {peak:8.0f} MB peak  {queries:>4} queries  {result}")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--job":
        child(sys.argv[2])
        return
    jobs = os.environ.get("BENCH_ONLY", "").split(",") if os.environ.get("BENCH_ONLY") else JOBS
    if os.environ.get("BENCH_BEFORE") == "1" and "before" not in jobs:
        jobs = [*jobs, "before", "figures_before"]
    database = os.environ.get("DATABASE_URL", "SQLite (default)")
    print(f"Reports {DATE_FROM} – {DATE_TO}, whole network, {database.rsplit('/', 1)[-1]}")
    # Wall-clock figures on a shared machine: the load says how far to trust them.
    print(f"load average {Path('/proc/loadavg').read_text().split()[0]}, {os.cpu_count()} cores")
    for name in jobs:
        measure(name)


if __name__ == "__main__":
    main()
