"""An import killed for real (SIGKILL, no clean-up of any kind) in the middle of its write
pass leaves nothing behind once the next worker starts (issue 12, bad input): no row of
the sheet, no run "importing" for ever, no upload or progress file.

test_recovery.py simulates the death inside the test's own process and transaction; here
a separate process imports into its own SQLite database (a file, in WAL mode, as in
production) and is killed by the operating system after its first chunk was written.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
ROWS = 3000  # three chunks: killed after the first

SETUP = """
import csv, json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from inprocedere.imports import services
from inprocedere.network.demo import seed_demo
from inprocedere.network.models import Organisation
from pathlib import Path
seed_demo()
organisation = Organisation.objects.get(slug="profes")
path = Path(sys.argv[1])
with open(path, "w", newline="", encoding="utf-8") as handle:
    out = csv.writer(handle)
    out.writerow(["participant_ref", "family_name", "given_names", "entry_date",
                  "counselling_hours", "esf_consent"])
    for n in range(int(sys.argv[2])):
        out.writerow([f"KILL-{n}", f"Kill{n:05d}", "Test", "2024-02-05", "3", "ja"])
actor = services.system_actor(organisation)
run = services.check_path(actor=actor, organisation=organisation, path=path, source="command")
assert run.status == "checked", run.problem_list
print(json.dumps({"run": str(run.pk)}))
"""

IMPORT = """
import sys
import django
django.setup()
from inprocedere.imports import services
from inprocedere.imports.models import ImportRun
run = ImportRun.objects.select_related("organisation").get(pk=sys.argv[1])
services.run_commit(actor=services.system_actor(run.organisation), run=run, background=False)
print("finished")  # the test kills this process before
"""

STATE = """
import json, sys
import django
django.setup()
from django.utils import translation
from inprocedere.imports import conf, lifecycle
from inprocedere.imports.models import ImportRun, PendingKeys
from inprocedere.participants.models import ExternalIdentifier, Participant

translation.activate("en")  # the message is stored as written


def state():
    run = ImportRun.objects.get(pk=sys.argv[1])
    return {
        "status": run.status,
        "refs": ExternalIdentifier.objects.filter(value__startswith="KILL-").count(),
        "people": Participant.unrestricted.filter(family_name__startswith="Kill").count(),
        "pending": PendingKeys.objects.count(),
        "files": sorted(path.name for path in conf.storage_dir().iterdir()),
        "message": run.problem_list[0].message if run.problems else "",
    }

before = state()
recovered = lifecycle.recover()
print(json.dumps({"before": before, "recovered": recovered, "after": state()}))
"""


def _python(code: str, *args, env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen, timeout: float) -> str:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-3000:]
    return out.strip().splitlines()[-1]


def test_an_import_killed_by_the_system_leaves_nothing_behind(tmp_path):
    # The killed process imports into a SQLite file whatever the suite's engine: running
    # it again in the PostgreSQL pass would repeat the same minute (docs/testing.md).
    if connection.vendor != "sqlite":
        pytest.skip("imports into a SQLite file whatever the engine: run in the SQLite pass")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        INPROCEDERE_VAR_DIR=str(tmp_path / "var"),
        INPROCEDERE_DEMO="1",
        DJANGO_SETTINGS_MODULE="inprocedere.config.settings",
        PYTHONPATH=str(ROOT / "src"),
        INPROCEDERE_HUEY_IMMEDIATE="0",
    )
    (tmp_path / "var").mkdir()
    run_id = json.loads(
        _finish(_python(SETUP, tmp_path / "sheet.csv", ROWS, env=env), timeout=600)
    )["run"]
    progress = tmp_path / "var" / "media" / "imports" / f"{run_id}.progress"

    importing = _python(IMPORT, run_id, env=env)
    deadline = time.monotonic() + 600
    done = 0
    while time.monotonic() < deadline and importing.poll() is None:
        try:
            done = json.loads(progress.read_text()).get("done", 0)
        except (OSError, ValueError):
            done = 0
        if done >= 1000:
            break
        time.sleep(0.05)
    assert importing.poll() is None, "the import finished before it could be killed"
    assert 1000 <= done < ROWS
    os.kill(importing.pid, signal.SIGKILL)  # no finally, no atexit, no shutdown hook
    importing.communicate(timeout=60)
    assert importing.returncode == -signal.SIGKILL

    found = json.loads(_finish(_python(STATE, run_id, env=env), timeout=300))
    before, after = found["before"], found["after"]
    # The chunk written before the kill died with the transaction ...
    assert before["refs"] == 0 and before["people"] == 0 and before["pending"] == 0
    # ... the run said "importing" and its files were there until the next start ...
    assert before["status"] == "running"
    assert f"{run_id}.upload" in before["files"], before["files"]
    # ... which fails the run and deletes its files.
    assert found["recovered"]["failed"] == 1
    assert after["status"] == "failed"
    assert "stopped before it finished" in after["message"]
    assert after["files"] == []
    assert after["refs"] == 0 and after["people"] == 0


pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL"), reason="needs a system that kills processes"
)
