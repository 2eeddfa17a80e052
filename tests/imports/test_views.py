"""The upload page, the check's report with preview, confirm, discard, progress."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inprocedere.imports import services
from inprocedere.imports.models import ImportRun
from inprocedere.participants.models import ExternalIdentifier

from .conftest import make_csv, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    client = client_for("case_worker")
    client.cookies["django_language"] = "en"
    return client


def post_sheet(client, content, name="sheet.csv", **extra):
    return client.post(
        reverse("imports:upload"),
        {"organisation": "profes", "file": SimpleUploadedFile(name, content), **extra},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_upload_preview_confirm(caseworker, profes, django_assert_max_num_queries):
    page = caseworker.get(reverse("imports:upload"))
    assert page.status_code == 200
    assert b"participant_ref" in page.content
    response = post_sheet(caseworker, make_csv([row(), row(participant_ref="R-2")]))
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == "checked"
    with django_assert_max_num_queries(12):
        detail = caseworker.get(response["Location"])
    assert b"Haddad" in detail.content  # the preview
    assert b"Import now" in detail.content
    assert not ExternalIdentifier.objects.filter(organisation=profes, value="R-1").exists()
    done = caseworker.post(reverse("imports:run_commit", args=[run.pk]), follow=True)
    assert b"Imported: 2 new people" in done.content
    assert ExternalIdentifier.objects.filter(organisation=profes, value="R-2").exists()
    run.refresh_from_db()
    assert run.status == "done"
    assert run.stored_path == "" and run.preview == []
    again = caseworker.post(reverse("imports:run_commit", args=[run.pk]), follow=True)
    assert b"cannot be started" in again.content


def test_invalid_sheet_shows_problems_and_writes_nothing(caseworker, profes):
    response = post_sheet(caseworker, make_csv([row(), row(participant_ref="R-2", isced="9")]))
    detail = caseworker.get(response["Location"])
    assert b"is not an ISCED level" in detail.content
    assert b"Import now" not in detail.content
    run = ImportRun.objects.get()
    assert run.status == "invalid"
    assert run.stored_path == ""
    response = caseworker.post(reverse("imports:run_commit", args=[run.pk]), follow=True)
    assert b"cannot be started" in response.content
    assert not ExternalIdentifier.objects.filter(organisation=profes).exists()


def test_discard(caseworker, profes):
    response = post_sheet(caseworker, make_csv([row()]))
    run = ImportRun.objects.get()
    stored = run.stored_path
    response = caseworker.post(reverse("imports:run_discard", args=[run.pk]), follow=True)
    assert b"discarded" in response.content
    run.refresh_from_db()
    assert run.status == "discarded"
    assert not Path(stored).exists()


def test_no_file_and_foreign_organisation(caseworker):
    response = caseworker.post(reverse("imports:upload"), {"organisation": "profes"})
    assert response.status_code == 200
    assert b"kern-error" in response.content
    response = post_sheet(caseworker, make_csv([row()]), organisation="kv-germersheim")
    assert response.status_code == 200
    assert not ImportRun.objects.exists()


def test_too_large_upload_refused(caseworker, settings):
    settings.INPROCEDERE_IMPORT_MAX_BYTES = 50
    response = post_sheet(caseworker, make_csv([row()] * 3))
    assert response.status_code == 422
    assert b"at most" in response.content
    assert not ImportRun.objects.exists()


def test_large_sheet_runs_in_the_background_with_progress(caseworker, profes, monkeypatch):
    queued = []
    monkeypatch.setattr("inprocedere.imports.tasks.enqueue", queued.append)
    rows = [row(participant_ref=f"B-{n}", given_names=f"Name{n}") for n in range(4)]
    response = post_sheet(caseworker, make_csv(rows))
    run = ImportRun.objects.get()
    monkeypatch.setattr("inprocedere.imports.conf.background_rows", lambda: 2)
    caseworker.post(reverse("imports:run_commit", args=[run.pk]))
    assert queued == [run.pk]
    page = caseworker.get(response["Location"])
    assert page["Refresh"] == "2"
    assert b"<progress" in page.content
    services.execute(run.pk)
    page = caseworker.get(response["Location"])
    assert b"Imported: 4 new people" in page.content
    assert "Refresh" not in page


def test_someone_elses_run_is_404(caseworker, client_for):
    post_sheet(caseworker, make_csv([row()]))
    run = ImportRun.objects.get()
    other = client_for("team_lead")
    assert other.get(reverse("imports:run_detail", args=[run.pk])).status_code == 404
    assert other.post(reverse("imports:run_commit", args=[run.pk])).status_code == 404


def test_unconfirmed_uploads_are_discarded_after_a_day(caseworker):
    import datetime as dt

    from django.utils import timezone

    post_sheet(caseworker, make_csv([row()]))
    run = ImportRun.objects.get()
    stored = Path(run.stored_path)
    assert stored.exists()
    assert services.discard_stale() == 0
    assert services.discard_stale(timezone.now() + dt.timedelta(days=2)) == 1
    run.refresh_from_db()
    assert run.status == "discarded" and run.preview == [] and run.stored_path == ""
    assert not stored.exists()


def test_the_upload_needs_its_csrf_token(user_for, settings, tmp_path):
    from django.test import Client

    from tests.conftest import sign_in_fully

    settings.MEDIA_ROOT = tmp_path / "media"
    client = sign_in_fully(Client(enforce_csrf_checks=True), user_for("case_worker"))
    assert post_sheet(client, make_csv([row()])).status_code == 403
    assert not ImportRun.objects.exists()


def test_an_import_that_lost_its_worker_is_marked_failed(caseworker, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    monkeypatch.setattr("inprocedere.imports.tasks.enqueue", lambda run_id: None)
    post_sheet(caseworker, make_csv([row()]))
    run = ImportRun.objects.get()
    services.run_commit(actor=run.created_by, run=run, background=True)
    assert ImportRun.objects.get().status == "queued"
    services.discard_stale(timezone.now() + dt.timedelta(days=2))
    run.refresh_from_db()
    assert run.status == "failed" and run.stored_path == ""
    assert "stopped before it finished" in run.problem_list[0].message
