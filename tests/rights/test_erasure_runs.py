"""Erasing everyone due as a background job: progress, one run at a time, and a crash
midway that leaves each person fully erased or untouched (issue 12 item 5)."""

import datetime as dt
import time

import pytest

from inprocedere.accounts import step_up
from inprocedere.core.models import AuditEntry
from inprocedere.participants.models import Participant
from inprocedere.rights import erasure_runs, services
from inprocedere.rights.models import Erasure, ErasureRun

from .conftest import make_subject

pytestmark = pytest.mark.django_db
ON = dt.date(2030, 1, 1)  # the test rule's duty ended on 31.12.2018


@pytest.fixture
def due_people(carrier, rule):
    return [make_subject(carrier, family_name=f"Due{n}") for n in range(3)]


def _erased(person):
    return Erasure.objects.filter(participant_id=person.pk, kind="erased").exists()


def test_a_run_erases_everyone_due_and_counts_them(
    due_people, user_for, django_capture_on_commit_callbacks
):
    from inprocedere.rights.tasks import start_erasure_run

    with django_capture_on_commit_callbacks(execute=True):
        run, new = start_erasure_run(actor=user_for("dpo"), on=ON)
    assert new
    run.refresh_from_db()
    assert {p.pk for p in due_people} <= set(run.participant_ids)
    assert run.status == "done" and not run.active
    assert run.done == run.total and run.percent == 100
    assert all(_erased(person) for person in due_people)
    assert not Participant.unrestricted.filter(pk__in=[p.pk for p in due_people]).filter(
        family_name__startswith="Due"
    )
    assert AuditEntry.objects.filter(action="rights.erasure_run.finished").exists()


def test_asked_twice_at_once_runs_once(due_people, user_for):
    first, new = erasure_runs.start(actor=user_for("dpo"), on=ON)  # not yet run: on_commit
    second, again = erasure_runs.start(actor=user_for("dpo"), on=ON)
    assert new and not again
    assert second.pk == first.pk
    assert ErasureRun.objects.count() == 1


def test_a_crash_midway_leaves_each_person_erased_or_untouched(due_people, user_for, monkeypatch):
    run, _new = erasure_runs.start(actor=user_for("dpo"), on=ON)
    order = run.participant_ids
    assert len(order) >= 3
    names = dict(Participant.unrestricted.filter(pk__in=order).values_list("pk", "family_name"))
    real_erase = services.erase
    calls = []

    def crashing(**kwargs):
        calls.append(kwargs["participant"].pk)
        if len(calls) == 2:
            real_erase(**kwargs)  # the second person's data are shredded…
            raise RuntimeError("power cut")  # …and then the process dies
        return real_erase(**kwargs)

    monkeypatch.setattr(services, "erase", crashing)
    with pytest.raises(RuntimeError):
        erasure_runs.work(run.pk)
    run.refresh_from_db()
    assert run.done == 1 and run.active
    first, second = (Participant.unrestricted.get(pk=pk) for pk in order[:2])
    assert _erased(first) and first.family_name != names[first.pk]
    # The second person's transaction rolled back whole: names and no erasure record.
    assert not _erased(second)
    assert second.family_name == names[second.pk]
    monkeypatch.setattr(services, "erase", real_erase)
    finished = erasure_runs.work(run.pk)  # started again: goes on from the second
    assert finished.status == "done"
    assert finished.done == len(order)
    assert Erasure.objects.filter(participant_id=order[0], kind="erased").count() == 1


def test_the_retention_page_starts_a_run_after_a_step_up_and_shows_its_progress(
    due_people, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    from django.urls import reverse
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: ON)
    client = client_for("dpo")
    url = reverse("rights:erasure_run_start")
    response = client.post(url)
    assert response.status_code == 302  # to the step-up first
    assert not ErasureRun.objects.exists()
    session = client.session
    session[step_up.STEPPED_UP_AT] = int(time.time())
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    run = ErasureRun.objects.get()
    assert run.status == "done"
    page = client.get(reverse("rights:retention_due"))
    assert page.context["run"] == run
    assert 'value="100"' in page.content.decode()
