"""Downloads too long to send while the user waits: a background job, its page, its file
(issue 12, item 3). Huey runs tasks at once in the tests (settings_test)."""

import datetime as dt
import io
import uuid

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inprocedere.core.models import AuditEntry
from inprocedere.network.models import Organisation, Person, Position, Tenure
from inprocedere.privacy.models import AccessLogEntry
from inprocedere.reporting import jobs
from inprocedere.reporting.models import ExportJob
from tests.conftest import sign_in_fully

from .test_views import QUERY, _profes_people

pytestmark = pytest.mark.django_db
ASK = {**QUERY, "code": "EECO01", "organisation": "profes", "format": "xlsx"}


@pytest.fixture(autouse=True)
def _background(settings, tmp_path):
    settings.INPROCEDERE_EXPORT_BACKGROUND_ROWS = 2
    settings.INPROCEDERE_EXPORT_DIR = tmp_path / "exports"


def _ask(client, django_capture_on_commit_callbacks, *, execute=True, **extra):
    with django_capture_on_commit_callbacks(execute=execute) as callbacks:
        response = client.get(reverse("reporting:esf_participants"), {**ASK, **extra})
    return response, callbacks


def test_a_long_list_is_written_in_the_background_and_fetched(
    client_for, carrier, django_capture_on_commit_callbacks
):
    people = _profes_people(3)
    client = client_for("team_lead")
    response, _callbacks = _ask(client, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reporting:export_job", args=[job.pk])
    assert (job.status, job.active, job.total, job.done) == ("done", False, 3, 3)

    page = client.get(response.url)
    assert page.status_code == 200
    assert reverse("reporting:export_job_file", args=[job.pk]) in page.content.decode()
    assert 'hx-trigger="every 2s"' not in page.content.decode()  # done: no more polling

    read = AccessLogEntry.objects.filter(channel="export")
    assert {pk for entry in read for pk in entry.participant_ids} == {p.pk for p in people}

    fetched = client.get(reverse("reporting:export_job_file", args=[job.pk]))
    assert fetched.status_code == 200
    assert fetched["Content-Disposition"].startswith('attachment; filename="teilnehmende-EECO01')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(fetched.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Nummer", "Nachname", "Vornamen", "Geburtsdatum", "Geschlecht"]
    assert sorted(row[0] for row in rows[1:]) == sorted(p.pk for p in people)
    assert AuditEntry.objects.filter(action="reporting.esf.participants_exported").count() == 1
    assert AuditEntry.objects.get(action="reporting.export.fetched").detail["job"] == str(job.pk)


def test_a_running_job_polls_its_progress(client_for, carrier, django_capture_on_commit_callbacks):
    _profes_people(3)
    client = client_for("team_lead")
    response, _callbacks = _ask(client, django_capture_on_commit_callbacks, execute=False)
    page = client.get(response.url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "<progress" in page
    fragment = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="export-job"')
    # Not ready yet: no file.
    job = ExportJob.objects.get()
    assert client.get(reverse("reporting:export_job_file", args=[job.pk])).status_code == 404


def test_the_same_export_asked_twice_runs_once(
    client_for, carrier, django_capture_on_commit_callbacks
):
    _profes_people(3)
    client = client_for("team_lead")
    first, queued = _ask(client, django_capture_on_commit_callbacks, execute=False)
    second, queued_again = _ask(client, django_capture_on_commit_callbacks, execute=False)
    assert first.url == second.url
    assert ExportJob.objects.count() == 1
    assert (len(queued), len(queued_again)) == (1, 0)
    assert AuditEntry.objects.filter(action="reporting.esf.participants_exported").count() == 1
    # Another format is another export.
    _ask(client, django_capture_on_commit_callbacks, execute=False, format="csv")
    assert ExportJob.objects.count() == 2


def test_a_job_runs_once_even_if_queued_twice(carrier, user_for):
    people = _profes_people(3)
    job, new = jobs.start(user_for("team_lead"), kind="esf_participants", fmt="csv", query=_query())
    assert new
    jobs.run(job.pk)
    jobs.run(job.pk)  # a second delivery of the task: the job is no longer queued
    read = AccessLogEntry.objects.filter(channel="export")
    # Each person read (and logged) once.
    assert sorted(pk for entry in read for pk in entry.participant_ids) == sorted(
        p.pk for p in people
    )


def _query():
    return {**QUERY, "code": "EECO01", "gender": "total", "organisation": "profes"}


def test_the_link_refuses_other_users_and_organisations(
    client_for, carrier, django_capture_on_commit_callbacks, user_for
):
    _profes_people(3)
    response, _callbacks = _ask(client_for("team_lead"), django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    urls = [response.url, reverse("reporting:export_job_file", args=[job.pk])]
    # Without the permission: 403.
    for persona in ("case_worker", "coordinator"):
        for url in urls:
            assert client_for(persona).get(url).status_code == 403
    # Another team lead, of another organisation: not theirs, 404.
    other = Organisation.objects.get(slug="kv-germersheim")
    position = Position.objects.create(organisation=other, title="Leitung", roles=["team_lead"])
    colleague = get_user_model().objects.create_user("otherlead", password="x")
    person = Person.objects.create(given_name="Olga", family_name="Andere", user=colleague)
    Tenure.objects.create(position=position, person=person, starts_on=dt.date(2020, 1, 1))
    stranger = sign_in_fully(Client(), colleague)
    for url in urls:
        assert stranger.get(url).status_code == 404
    # Its own user, now acting for other organisations than when asking: 404.
    ExportJob.objects.filter(pk=job.pk).update(organisation_ids=[other.pk])
    for url in urls:
        assert client_for("team_lead").get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="reporting.export.fetched").exists()
    # A job that does not exist.
    assert (
        client_for("team_lead")
        .get(reverse("reporting:export_job", args=[uuid.uuid4()]))
        .status_code
        == 404
    )


def test_a_job_whose_user_lost_the_permission_writes_nothing(carrier, user_for):
    _profes_people(3)
    job, _new = jobs.start(
        user_for("team_lead"), kind="esf_participants", fmt="csv", query=_query()
    )
    ExportJob.objects.filter(pk=job.pk).update(organisation_ids=[0])
    jobs.run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", jobs.REFUSED)
    assert not AccessLogEntry.objects.filter(channel="export").exists()
    assert not jobs.path_of(job).exists()


def test_old_files_are_deleted_and_dead_jobs_failed(carrier, user_for):
    _profes_people(3)
    done, _new = jobs.start(
        user_for("team_lead"), kind="esf_participants", fmt="csv", query=_query()
    )
    jobs.run(done.pk)
    assert jobs.path_of(done).exists()
    stuck, _new = jobs.start(
        user_for("team_lead"), kind="esf_participants", fmt="xlsx", query=_query()
    )
    ExportJob.objects.filter(pk=stuck.pk).update(status="running")
    assert jobs.recover() == 1
    assert ExportJob.objects.get(pk=stuck.pk).status == "failed"
    assert jobs.discard_old(timezone.now() + dt.timedelta(hours=25)) == 2
    assert not jobs.path_of(done).exists()
    assert not ExportJob.objects.exists()


def test_a_short_list_is_still_sent_at_once(client_for, carrier, settings):
    settings.INPROCEDERE_EXPORT_BACKGROUND_ROWS = 5000
    _profes_people(3)
    response = client_for("team_lead").get(reverse("reporting:esf_participants"), ASK)
    assert response.status_code == 200
    assert response.streaming
    assert not ExportJob.objects.exists()


def test_a_job_whose_task_was_lost_does_not_block_the_export(carrier, user_for):
    _profes_people(3)
    lost, _new = jobs.start(
        user_for("team_lead"), kind="esf_participants", fmt="csv", query=_query()
    )
    ExportJob.objects.filter(pk=lost.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    again, new = jobs.start(
        user_for("team_lead"), kind="esf_participants", fmt="csv", query=_query()
    )
    assert new and again.pk != lost.pk
    assert ExportJob.objects.get(pk=lost.pk).status == "failed"
