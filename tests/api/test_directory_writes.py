"""Directory and turnover writes through the API (issue 16: "the API covers what the
pages do"): the page's services, so the same policy (`directory.edit`; turnover for the
coordinator anywhere, a team lead in their own organisation), the same validation, audit
and version check; every persona, foreign and missing ids alike, nothing written on a
refusal."""

import datetime as dt

import pytest
from django.utils import timezone

from inprocedere.core.models import AuditEntry
from inprocedere.network.models import Organisation, Person, Position, Tenure
from tests.conftest import PERSONAS

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

MISSING = 987654321
EDITORS = {"coordinator", "administrator"}


def _send(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


def _position(slug):
    return Position.objects.filter(organisation__slug=slug, is_active=True).order_by("pk").first()


def _state():
    return (
        AuditEntry.objects.count(),
        Organisation.objects.get(slug="kv-germersheim").version,
        Position.objects.count(),
        Person.objects.count(),
        Tenure.objects.count(),
        tuple(Position.objects.order_by("pk").values_list("version", flat=True)),
    )


def test_the_coordinator_edits_an_organisation_and_a_stale_edit_is_409(token_for, user_for):
    client = ApiClient(token_for("coordinator"), language="en")
    url = "/api/v1/organisations/kv-germersheim"
    version = client.get(url).json()["version"]
    response = _send(
        client,
        "patch",
        url,
        {"version": version, "city": "Germersheim am Rhein", "regions": ["germersheim"]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["address"]["city"] == "Germersheim am Rhein"
    assert response.json()["version"] == version + 1
    assert AuditEntry.objects.filter(action="network.organisation.updated").count() == 1

    stale = _send(client, "patch", url, {"version": version, "city": "Speyer"})
    assert stale.status_code == 409
    assert user_for("coordinator").display_name in stale.json()["detail"]
    assert Organisation.objects.get(slug="kv-germersheim").city == "Germersheim am Rhein"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"email": "not an address"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"website": "nowhere"}, "website"),
        ({"regions": ["atlantis"]}, "regions"),
        ({"kind": "embassy"}, "kind"),
        ({"name": None}, "name"),
    ],
)
def test_bad_organisation_changes_are_422_and_write_nothing(token_for, body, field):
    client = ApiClient(token_for("coordinator"))
    version = Organisation.objects.get(slug="kv-germersheim").version
    before = _state()
    response = _send(
        client, "patch", "/api/v1/organisations/kv-germersheim", {"version": version, **body}
    )
    assert response.status_code == 422, response.content
    assert field in str(response.json()["detail"])
    assert _state() == before


def test_positions_and_people_are_created_and_changed(token_for):
    client = ApiClient(token_for("coordinator"))
    created = _send(
        client,
        "post",
        "/api/v1/organisations/profes/positions",
        {
            "title": "Beratung Speyer",
            "topics": ["residence-law"],
            "regions": ["germersheim"],
            "phone": "07274 5331-20",
            "roles": ["case_worker"],
        },
    )
    assert created.status_code == 201, created.content
    position = created.json()
    assert position["version"] == 1 and position["organisation"]["slug"] == "profes"
    changed = _send(
        client,
        "patch",
        f"/api/v1/positions/{position['id']}",
        {"version": 1, "title": "Beratung Speyer-Süd", "is_active": False},
    )
    assert changed.status_code == 200, changed.content
    assert Position.objects.get(pk=position["id"]).title == "Beratung Speyer-Süd"

    person = _send(
        client, "post", "/api/v1/people", {"given_name": "Jana", "family_name": "Neu"}
    ).json()
    renamed = _send(
        client, "patch", f"/api/v1/people/{person['id']}", {"version": 1, "family_name": "Alt"}
    )
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["family_name"] == "Alt"
    stale = _send(client, "patch", f"/api/v1/people/{person['id']}", {"version": 1, "title": "Dr."})
    assert stale.status_code == 409


def test_a_team_lead_handles_the_turnover_of_their_own_organisation(token_for):
    client = ApiClient(token_for("team_lead"))
    position = _position("profes")
    person = Person.objects.create(given_name="Jana", family_name="Neu")
    started = _send(
        client,
        "post",
        f"/api/v1/positions/{position.pk}/tenures",
        {"person_id": person.pk, "starts_on": str(timezone.localdate())},
    )
    assert started.status_code == 201, started.content
    tenure = Tenure.objects.get(position=position, person=person)
    assert tenure.pk in [t["id"] for t in started.json()["tenures"]]
    successor = Person.objects.create(given_name="Ole", family_name="Folger")
    ended = _send(
        client,
        "post",
        f"/api/v1/positions/{position.pk}/tenures/{tenure.pk}/end",
        {
            "end_reason": "left",
            "ends_on": str(timezone.localdate() + dt.timedelta(days=5)),
            "successor_id": successor.pk,
            "handover_note": "Akten im Schrank 3",
        },
    )
    assert ended.status_code == 200, ended.content
    tenure.refresh_from_db()
    assert tenure.end_reason == "left"
    assert Tenure.objects.filter(position=position, person=successor).exists()
    assert Position.objects.get(pk=position.pk).handover_note == "Akten im Schrank 3"
    assert AuditEntry.objects.filter(action="network.position.handover").count() == 1

    # Another organisation's position: as if it did not exist, and nothing written.
    before = _state()
    foreign = _position("kv-germersheim")
    for pk in (foreign.pk, MISSING):
        response = _send(
            client, "post", f"/api/v1/positions/{pk}/tenures", {"person_id": person.pk}
        )
        assert response.status_code == 404, response.content
    assert _state() == before


# Every write of the directory and the turnover, with a valid body.
def _writes():
    position = _position("kv-germersheim")
    person = Person.objects.order_by("pk").first()
    tenure = Tenure.objects.current().filter(position=position).first()
    today = str(timezone.localdate())
    version = position.version
    return [
        ("patch", "/api/v1/organisations/{slug}", "kv-germersheim", {"version": 1, "city": "X"}),
        ("post", "/api/v1/organisations/{slug}/positions", "kv-germersheim", {"title": "Neu"}),
        ("patch", "/api/v1/positions/{id}", position.pk, {"version": version, "title": "Neu"}),
        ("post", "/api/v1/people", None, {"given_name": "A", "family_name": "B"}),
        ("patch", "/api/v1/people/{id}", person.pk, {"version": person.version, "title": "Dr."}),
        ("post", "/api/v1/positions/{id}/tenures", position.pk, {"person_id": person.pk}),
        (
            "post",
            "/api/v1/positions/{id}/tenures/%s/end" % (tenure.pk if tenure else MISSING),
            position.pk,
            {"end_reason": "left", "ends_on": today},
        ),
    ]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in EDITORS])
def test_no_other_persona_writes_to_the_directory(persona, token_for):
    """A valid body, an existing and a missing record: refused by the policy alike (403
    by role; 404 where the record is out of the caller's reach), nothing written. The
    team lead's own organisation is ProfeS, so the immigration office's positions are
    beyond their turnover too."""
    client = ApiClient(token_for(persona))
    before = _state()
    for method, path, key, body in _writes():
        answers = set()
        for value in (key, MISSING if isinstance(key, int) else "no-such-organisation"):
            url = path.replace("{slug}", str(value)).replace("{id}", str(value))
            response = _send(client, method, url, body)
            answers.add(response.status_code)
            assert response.status_code in (403, 404), (persona, path, response.content)
        assert len(answers) == 1, (persona, path, answers)  # foreign and missing alike
    assert _state() == before


def test_anonymous_writes_nothing():
    client = ApiClient()
    before = _state()
    for method, path, key, body in _writes():
        url = path.replace("{slug}", str(key)).replace("{id}", str(key))
        assert _send(client, method, url, body).status_code == 401
    assert _state() == before
