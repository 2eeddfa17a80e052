"""Large uploads are checked in the background; an import killed midway leaves nothing
behind (issue 12, bad input): no rows, no run "importing" for ever, no orphaned files."""

import inspect
import os
import subprocess
from pathlib import Path

import pytest

from inprocedere.imports import jobs, lifecycle, services
from inprocedere.imports.models import ImportRun
from inprocedere.participants.models import ExternalIdentifier

from .conftest import make_csv, row
from .test_views import caseworker, post_sheet  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def rows(count: int, prefix: str = "K") -> list[dict]:
    return [row(participant_ref=f"{prefix}-{n}", given_names=f"Name{n}") for n in range(count)]


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_large_upload_is_checked_in_the_background(caseworker, settings, monkeypatch):  # noqa: F811
    settings.INPROCEDERE_IMPORT_BACKGROUND_BYTES = 100
    queued = []
    monkeypatch.setattr("inprocedere.imports.tasks.enqueue_check", queued.append)
    response = post_sheet(caseworker, make_csv(rows(3)))
    run = ImportRun.objects.get()
    assert queued == [run.pk] and run.status == "checking"
    page = caseworker.get(response["Location"])
    assert page["Refresh"] == "2"
    assert b'data-testid="import-checking"' in page.content
    jobs.check_job(run.pk)
    run.refresh_from_db()
    assert run.status == "checked" and run.summary["new_people"] == 3
    assert "Refresh" not in caseworker.get(response["Location"])


def test_the_api_answers_202_then_imports_after_the_background_check(
    token_for, settings, monkeypatch, profes
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.api.conftest import ApiClient

    settings.INPROCEDERE_IMPORT_BACKGROUND_BYTES = 100
    queued = []
    monkeypatch.setattr("inprocedere.imports.tasks.enqueue_check", queued.append)
    client = ApiClient(token_for("case_worker"), language="en")
    response = client.post(
        "/api/v1/imports",
        {"file": SimpleUploadedFile("s.csv", make_csv(rows(2))), "organisation": "profes"},
    )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "checking"
    jobs.check_job(queued[0])
    answer = client.get(f"/api/v1/imports/{queued[0]}").json()
    assert answer["status"] == "done", answer
    assert ExternalIdentifier.objects.filter(organisation=profes, value="K-1").exists()


def test_a_background_dry_run_writes_nothing_and_keeps_no_file(token_for, settings, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.api.conftest import ApiClient

    settings.INPROCEDERE_IMPORT_BACKGROUND_BYTES = 100
    queued = []
    monkeypatch.setattr("inprocedere.imports.tasks.enqueue_check", queued.append)
    client = ApiClient(token_for("case_worker"), language="en")
    response = client.post(
        "/api/v1/imports",
        {
            "file": SimpleUploadedFile("s.csv", make_csv(rows(2))),
            "organisation": "profes",
            "dry_run": "true",
        },
    )
    assert response.status_code == 202
    jobs.check_job(queued[0])
    answer = client.get(f"/api/v1/imports/{queued[0]}").json()
    assert answer["status"] == "checked" and answer["dry_run"] is True
    assert ImportRun.objects.get().stored_path == ""
    assert not ExternalIdentifier.objects.filter(value="K-1").exists()


def _killed_midway(caseworker, monkeypatch):  # noqa: F811
    """An import whose worker dies after its first chunk: what the dead process leaves."""
    post_sheet(caseworker, make_csv(rows(6)))
    run = ImportRun.objects.get()
    upload = Path(run.stored_path)
    monkeypatch.setattr("inprocedere.imports.writer.CHUNK_ROWS", 2)
    monkeypatch.setattr("inprocedere.imports.lifecycle.os.getpid", dead_pid)
    # A killed process runs no clean-up: no `finally`, no shutdown hook.
    monkeypatch.setattr("inprocedere.imports.jobs.lifecycle.cleanup", lambda run: None)

    class Killed(BaseException):
        pass

    def progress(run, done, total, **kwargs):
        original(run, done, total, **kwargs)
        if done >= 2:
            raise Killed

    original = lifecycle.write_progress
    monkeypatch.setattr("inprocedere.imports.jobs.lifecycle.write_progress", progress)
    with pytest.raises(Killed):
        services.run_commit(actor=run.created_by, run=run, background=False)
    lifecycle._active.clear()
    monkeypatch.undo()
    return run, upload


def test_an_import_killed_midway_leaves_nothing_behind(caseworker, monkeypatch, profes):  # noqa: F811
    run, upload = _killed_midway(caseworker, monkeypatch)
    run.refresh_from_db()
    # The transaction died with the process: no row of the sheet was written ...
    written = ExternalIdentifier.objects.filter(organisation=profes, value__startswith="K-")
    assert not written.exists()
    # ... but the run says "importing" and its files are still there, until the next start.
    assert run.status == "running" and upload.exists()
    orphan = lifecycle.progress_path(run).with_name("0f0f0f0f-dead-beef.upload")
    orphan.write_bytes(b"an upload of a run that never got saved")
    fresh = orphan.with_name("0f0f0f0f-fresh.upload")
    fresh.write_bytes(b"another process may be about to commit its run")
    old = orphan.stat().st_mtime - 600
    os.utime(orphan, (old, old))
    post_sheet(caseworker, make_csv([row(participant_ref="LIVE-1")]))
    waiting = ImportRun.objects.get(status="checked")
    assert lifecycle.recover() == {"failed": 1, "files_removed": 1}
    run.refresh_from_db()
    assert run.status == "failed" and run.stored_path == ""
    assert "stopped before it finished" in run.problem_list[0].message
    assert not upload.exists() and not orphan.exists()
    assert fresh.exists()  # younger than the grace: left for the next round
    assert not lifecycle.progress_path(run).exists()
    assert Path(waiting.stored_path).exists()  # a live run keeps its file
    assert lifecycle.recover() == {"failed": 0, "files_removed": 0}


def test_a_run_with_a_live_worker_is_left_alone_until_its_heartbeat_stops(
    caseworker,  # noqa: F811
    settings,
    monkeypatch,
):
    settings.INPROCEDERE_IMPORT_BACKGROUND_BYTES = 100
    monkeypatch.setattr("inprocedere.imports.tasks.enqueue_check", lambda run_id: None)
    post_sheet(caseworker, make_csv(rows(2)))
    run = ImportRun.objects.get()
    lifecycle.write_progress(run, 10, 0)  # this (live) process works on it
    assert lifecycle.recover()["failed"] == 0
    monkeypatch.setattr("inprocedere.imports.lifecycle.HOST", "another-host")
    assert lifecycle.recover()["failed"] == 0  # elsewhere, beating
    old = lifecycle.progress_path(run).stat().st_mtime - 3600
    os.utime(lifecycle.progress_path(run), (old, old))
    assert lifecycle.recover()["failed"] == 1
    assert ImportRun.objects.get().status == "failed"


def test_an_orderly_shutdown_fails_the_runs_of_its_process(caseworker, monkeypatch):  # noqa: F811
    post_sheet(caseworker, make_csv(rows(2)))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(status="running")
    with lifecycle.working(run):
        assert lifecycle.fail_own_runs() == 1
    run.refresh_from_db()
    assert run.status == "failed" and run.stored_path == ""


def test_the_consumer_recovers_at_its_start():
    from huey.contrib.djhuey import HUEY

    from inprocedere.imports import tasks

    assert "inprocedere.imports.recover" in HUEY._startup
    assert "recover()" in inspect.getsource(tasks.recover_imports)
    assert "inprocedere.imports.fail_own_runs" in HUEY._shutdown
