"""The page benchmark's own pieces (bench/harness): each floor returns the rows its page
shows, the targets it opens exist, and what it refuses; plus `bench refresh`
(issue 11 items 2 and "Bad input"). Times are printed by the benchmark, never asserted."""

import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import translation

from inprocedere.network.models import Organisation
from inprocedere.participants.models import Participant
from inprocedere.scale.seed import person, run
from inprocedere.scale.seed.run import Options, seed

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from harness import floors, measure, targets
from harness.pages import PAGES

from tests.conftest import sign_in_fully

pytestmark = pytest.mark.django_db

USERNAMES = {"caseworker", "teamlead", "authority", "jobcentre", "coordinator", "ministry"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def grown(settings, monkeypatch):
    settings.DEMO = True
    monkeypatch.setattr(run, "CHUNK", 40)
    monkeypatch.setattr(person, "REREGISTRATION_SHARE", 0.05)
    seed(Options(participants=100, progress=lambda _text: None))
    return targets.pick(USERNAMES)


def test_the_targets_are_picked_from_the_grown_register(grown):
    assert grown.participants == Participant.unrestricted.count()
    assert Participant.unrestricted.filter(family_name=grown.common_name).count() > 1
    assert grown.showcase_activities >= 500  # the generator's long case
    for name in ("caseworker", "authority", "jobcentre"):
        assert grown.participant[name], name


def test_each_floor_returns_the_rows_its_page_links_to(grown):
    """The check the benchmark prints as `rows`, pinned: a floor that drifts from its page
    (another order, a policy rule it misses) fails here."""
    for page in [p for p in PAGES if p.rows]:
        compared = 0
        for name in page.personas:
            persona = grown.personas[name]
            path = page.path(grown, name)
            response = sign_in_fully(Client(), persona.user).get(path)
            assert response.status_code == 200, (name, path)
            _durations, ids = measure.floor(page.floor(persona, grown), repeat=1)
            linked = measure.linked_ids(page.rows, response.content)
            assert sorted(linked) == sorted(ids), (page.key, name, path)
            compared += len(ids)
        assert compared, f"{page.key}: no rows on any persona's page, nothing compared"


def test_the_reach_follows_the_policy_for_every_case_persona(grown):
    from inprocedere.participants.selectors import participants_for

    for name in ("caseworker", "teamlead", "authority", "jobcentre"):
        persona = grown.personas[name]
        reach, params = floors.reach_sql(persona)
        with connection.cursor() as cursor:
            cursor.execute(f"WITH {reach} SELECT pid FROM reach", params)
            floor_ids = {row[0] for row in cursor.fetchall()}
        visible = set(participants_for(persona.user, merged=True).values_list("pk", flat=True))
        assert floor_ids == visible, name


def test_the_benchmark_refuses_a_register_with_real_people(settings):
    import web

    settings.DEMO = True
    Participant.unrestricted.create(
        family_name="Real", given_names="Person", registered_by=Organisation.objects.first()
    )
    with pytest.raises(SystemExit, match="not-production"):
        web.main(["--only", "inbox"])
    settings.DEMO = False
    Participant.unrestricted.all().delete()
    with pytest.raises(SystemExit, match="demo mode"):
        web.main(["--only", "inbox"])


def test_the_benchmark_refuses_an_empty_register_and_unknown_pages(settings):
    import web

    settings.DEMO = True
    with pytest.raises(SystemExit, match="Unknown page"):
        web.main(["--only", "nonsense"])
    with pytest.raises(SystemExit, match="grow it first"):
        web.main(["--only", "inbox"])


def test_refresh_recomputes_what_a_migration_left_stale(grown):
    Participant.unrestricted.update(search_text="")
    call_command("bench", "refresh", "--only", "participants.search_text", verbosity=0)
    assert not Participant.unrestricted.filter(search_text="").exists()
    person_ = Participant.unrestricted.filter(external_ids__isnull=False).first()
    identifier = person_.external_ids.first().value.lower()
    assert identifier in person_.search_text  # identifiers are searchable (issue 11 item 5)


def test_refresh_refuses_unknown_data_and_real_people(settings):
    settings.DEMO = True
    with pytest.raises(CommandError, match="Unknown derived data: nonsense"):
        call_command("bench", "refresh", "--only", "nonsense")
    settings.DEMO = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("bench", "refresh")


class _FlakySession:
    """Answers from a script: a status, or an exception to raise."""

    def __init__(self, script):
        self.script = list(script)

    def get(self, path):
        step = self.script.pop(0) if self.script else 200
        if isinstance(step, BaseException):
            raise step
        return step, 0.01, b"<html></html>"


def test_a_page_that_fails_or_times_out_is_recorded_not_fatal():
    # Two warm-ups, then a timeout, a 500 and answers: the run goes on and names both.
    session = _FlakySession([200, 200, TimeoutError("timed out"), 500, 200, 200])
    durations, status, _body, failures = measure.sequential(session, "/p/", repeat=4)
    assert failures == ["timeout: timed out", "HTTP 500"]
    assert status == 200 and len(durations) == 2
    # A page that keeps timing out is given up after three failures, without raising.
    dead = _FlakySession([TimeoutError("timed out")] * 10)
    durations, _status, _body, failures = measure.sequential(dead, "/p/", repeat=20)
    assert durations == [] and failures == ["timeout: timed out"] * 3
    error = ValueError("Missing manifest\nline two")
    assert measure.failure(error) == "ValueError: Missing manifest"
