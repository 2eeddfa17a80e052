"""Benchmark of the streamed downloads at scale: time to the first byte, whole time and
peak memory; prints figures, asserts nothing (issue 12, item 3).

    DATABASE_URL=postgres://…/inp_reports_100k .venv/bin/python bench/exports.py
    BENCH_ONLY=csv,xlsx …          # a selection of the jobs below
    BENCH_EXPORT_ROWS=100000 …     # rows of the `csv` and `xlsx` jobs (default 100,000)

Run it on a copy of the benchmark database (`createdb -T inp_bench_100k …`): the jobs
that read as a user write the access log, as a real export does. Each job runs in a
process of its own, so the peak resident memory is that job's alone (`os.wait4`).

Jobs: `csv` and `xlsx` (the first BENCH_EXPORT_ROWS participants of the register, read
through a server-side cursor, as the participants download writes them: the writers and
the database, no policy), `team_csv` and `team_xlsx` (every participant the team lead of
ProfeS may read, by name, each chunk logged in the access log and redacted: the path of
"participants behind a figure"), and `job` (the participants behind EECO01 of last year
as an XLSX written by a background job for that team lead, report counted again).
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
os.environ.setdefault("INPROCEDERE_VAR_DIR", tempfile.mkdtemp(prefix="inprocedere-bench-exp-"))
os.environ.setdefault("INPROCEDERE_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inprocedere.config.settings")

ROWS = int(os.environ.get("BENCH_EXPORT_ROWS", "100000"))
JOBS = ["csv", "xlsx", "team_csv", "team_xlsx", "job"]


def _send(download, fmt):
    """Read a streamed response to its end: (seconds to the first chunk, to the first
    chunk holding rows, bytes). CSV: the byte-order mark, the header, then a chunk per
    row; XLSX: the workbook's frame, then a chunk per 64 KiB of deflated rows."""
    from inprocedere.reporting import streaming

    start = time.perf_counter()
    response = streaming.response(download, fmt)
    times, size = [], 0
    for chunk in response.streaming_content:
        if chunk and len(times) < 3:
            times.append(time.perf_counter() - start)
        size += len(chunk)
    with_rows = times[2] if fmt == "csv" else times[1]
    return (times[0], with_rows), size


def _register(fmt):
    from inprocedere.participants.models import Participant
    from inprocedere.reporting.downloads import participants_table

    rows = Participant.unrestricted.order_by("pk")[:ROWS].iterator(chunk_size=1000)
    download = participants_table(rows, caption="bench", subtitle="bench", stem="bench", size=ROWS)
    first, size = _send(download, fmt)
    return first, f"{ROWS} rows, {size / 1e6:.1f} MB"


def _team(fmt):
    from django.contrib.auth import get_user_model

    from inprocedere.participants.models import Participant
    from inprocedere.privacy.policy import visible
    from inprocedere.reporting.downloads import participants_table
    from inprocedere.reporting.participant_exports import disclosed_stream

    user = get_user_model().objects.get(username="teamlead")
    shown = visible(user, Participant.objects.all(), "participant.read").order_by(
        "family_name", "given_names", "pk"
    )
    counted = []
    rows = disclosed_stream(user, shown, on_chunk=counted.append)
    download = participants_table(rows, caption="bench", subtitle="bench", stem="bench", size=0)
    first, size = _send(download, fmt)
    return first, f"{counted[-1] if counted else 0} rows, {size / 1e6:.1f} MB"


def job_csv():
    return _register("csv")


def job_xlsx():
    return _register("xlsx")


def job_team_csv():
    return _team("csv")


def job_team_xlsx():
    return _team("xlsx")


def job_job():
    from django.contrib.auth import get_user_model

    from inprocedere.reporting import jobs

    year = dt.date.today().year - 1
    query = {
        "from": f"{year}-01-01",
        "to": f"{year}-12-31",
        "code": "EECO01",
        "gender": "total",
        "language": "de",
        "bench": time.time(),  # a new job each run
    }
    user = get_user_model().objects.get(username="teamlead")
    job, _new = jobs.start(user, kind="esf_participants", fmt="xlsx", query=query)
    jobs.run(job.pk)
    job.refresh_from_db()
    size = jobs.path_of(job).stat().st_size if job.status == "done" else 0
    return None, f"{job.status}, {job.total} rows, {size / 1e6:.1f} MB"


def child(name):
    import django

    django.setup()
    start = time.perf_counter()
    first, result = globals()[f"job_{name}"]()
    seconds = time.perf_counter() - start
    first = "" if first is None else f"{first[0]:.3f},{first[1]:.3f}"
    print(f"{seconds:.2f}\t{first}\t{result}")


def measure(name):
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--job", name], stdout=subprocess.PIPE, text=True
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    peak = usage.ru_maxrss / 1024
    if status:
        print(f"{name:<10} FAILED (status {status})")
        return
    seconds, first, result = output.strip().splitlines()[-1].split("\t")
    if first:
        byte, row = (float(part) for part in first.split(","))
        first = f"{byte:6.3f} s, first rows {row:6.3f} s"
    else:
        first = "     –                    "
    wall = time.perf_counter() - start
    print(
        f"{name:<10} first byte {first}  whole {float(seconds):7.2f} s  "
        f"({wall:.1f} s with start)  {peak:6.0f} MB peak  {result}"
    )


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--job":
        child(sys.argv[2])
        return
    names = os.environ.get("BENCH_ONLY", "").split(",") if os.environ.get("BENCH_ONLY") else JOBS
    database = os.environ.get("DATABASE_URL", "SQLite (default)")
    print(f"Exports, {database.rsplit('/', 1)[-1]}")
    print(f"load average {Path('/proc/loadavg').read_text().split()[0]}, {os.cpu_count()} cores")
    for name in names:
        measure(name)


if __name__ == "__main__":
    main()
