"""The cooperation API: the same rules as the pages, as JSON; bad input is 422 and writes
nothing, out of reach or not one's to answer is 404."""

import pytest
from django.core import mail

from inprocedere.cooperation.models import ActionItem, CaseConference, Consultation, Meeting
from tests.api.conftest import ApiClient

from .conftest import at, in_days

pytestmark = pytest.mark.django_db

HUGE = 2**70


@pytest.fixture
def api(token_for):
    return lambda persona: ApiClient(token_for(persona))


def _ask(case, carrier_position, to_position, **extra):
    body = {
        "case_id": case.pk,
        "from_position_id": carrier_position.pk,
        "to_position_id": to_position.pk,
        "topic": "residence_law",
        "subject": "Ausbildungsduldung",
        "question": "Möglich?",
        "due_on": in_days(4).isoformat(),
    }
    body.update(extra)
    return body


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_consultation_round_trip(api, case, carrier_position, authority_position):
    response = _post(
        api("case_worker"),
        "/api/v1/consultations",
        _ask(case, carrier_position, authority_position),
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"]["value"] == "open" and data["person"] == "Amina Haddad"
    assert [m["kind"]["value"] for m in data["messages"]] == ["question"]
    url = f"/api/v1/consultations/{data['id']}"
    response = _post(api("authority_officer"), url + "/answer", {"answer": "Ja."})
    assert response.status_code == 200 and response.json()["state"]["value"] == "answered"
    response = _post(api("case_worker"), url + "/close", {"note": "Danke"})
    assert response.json()["state"]["value"] == "closed"
    listed = api("authority_officer").get("/api/v1/consultations", {"box": "received"}).json()
    assert [c["id"] for c in listed] == [data["id"]]


def test_a_missing_consent_is_422_naming_the_organisation(
    api, make_case, carrier_position, jobcentre_position
):
    case = make_case(consent_to=("kv-germersheim",))
    response = _post(
        api("case_worker"),
        "/api/v1/consultations",
        _ask(case, carrier_position, jobcentre_position),
    )
    assert response.status_code == 422
    assert "Jobcenter Germersheim" in str(response.json()["detail"])
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"due_on": in_days(-1).isoformat()},
        {"due_on": "gestern"},
        {"topic": "weather"},
        {"question": ""},
        {"question": "x" * 4001},
        {"subject": "a\x00b"},
        {"case_id": HUGE},
        {"to_position_id": HUGE},
        {"to_position_id": 0},
    ],
)
def test_bad_consultations_are_422_and_write_nothing(
    api, case, carrier_position, authority_position, extra
):
    response = _post(
        api("case_worker"),
        "/api/v1/consultations",
        _ask(case, carrier_position, authority_position, **extra),
    )
    assert response.status_code == 422, response.content
    assert not Consultation.objects.exists()


def test_an_answer_by_someone_else_is_404_and_writes_nothing(
    api, case, carrier_position, authority_position
):
    created = _post(
        api("case_worker"),
        "/api/v1/consultations",
        _ask(case, carrier_position, authority_position),
    ).json()
    url = f"/api/v1/consultations/{created['id']}/answer"
    assert _post(api("case_worker"), url, {"answer": "Ich?"}).status_code == 404
    assert _post(api("jobcentre_officer"), url, {"answer": "Ich?"}).status_code == 404
    assert Consultation.objects.get().messages.count() == 1
    assert api("case_worker").get("/api/v1/consultations/12345678").status_code == 404
    assert _post(api("case_worker"), f"/api/v1/consultations/{HUGE}/answer", {}).status_code == 422


def test_conference_round_trip_with_calendar_updates(
    api,
    case,
    carrier_position,
    authority_position,
    jobcentre_position,
    django_capture_on_commit_callbacks,
):
    client = api("case_worker")
    body = {
        "case_id": case.pk,
        "chair_position_id": carrier_position.pk,
        "position_ids": [authority_position.pk, jobcentre_position.pk],
        "title": "Fallbesprechung",
        "starts_at": at(4).isoformat(),
        "ends_at": at(4, 11).isoformat(),
        "place": "ProfeS",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "/api/v1/conferences", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["sequence"] == 0 and len(data["invitations"]) == 2
    url = f"/api/v1/conferences/{data['id']}"
    change = {k: body[k] for k in ("title", "place")}
    change.update(
        version=data["version"], starts_at=at(5).isoformat(), ends_at=at(5, 11).isoformat()
    )
    response = client.put(url, change, content_type="application/json")
    assert response.status_code == 200 and response.json()["sequence"] == 1
    stale = client.put(url, change, content_type="application/json")
    assert stale.status_code == 409
    item = _post(
        client,
        url + "/action-items",
        {
            "title": "Prüfen",
            "owner_position_id": jobcentre_position.pk,
            "due_on": in_days(9).isoformat(),
        },
    )
    assert item.status_code == 201
    mine = api("jobcentre_officer").get("/api/v1/action-items").json()
    assert [i["id"] for i in mine] == [item.json()["id"]]
    done = _post(api("jobcentre_officer"), f"/api/v1/action-items/{item.json()['id']}/done", {})
    assert done.status_code == 200 and done.json()["done_on"] is not None
    assert ActionItem.objects.get().done_on is not None
    bad = _post(client, url + "/attendance", {"attendance": {str(HUGE): "present"}})
    assert bad.status_code == 422
    assert _post(client, url + "/cancel", {}).json()["state"]["value"] == "cancelled"
    assert [m for m in mail.outbox if m.attachments]


def test_conference_invitations_need_consent_and_valid_ids(
    api, make_case, carrier_position, jobcentre_position
):
    case = make_case(consent_to=())
    body = {
        "case_id": case.pk,
        "chair_position_id": carrier_position.pk,
        "position_ids": [jobcentre_position.pk],
        "title": "F",
        "starts_at": at(4).isoformat(),
        "ends_at": at(4, 11).isoformat(),
        "place": "P",
    }
    client = api("case_worker")
    assert _post(client, "/api/v1/conferences", body).status_code == 422
    assert _post(client, "/api/v1/conferences", {**body, "position_ids": [HUGE]}).status_code == 422
    assert (
        _post(client, "/api/v1/conferences", {**body, "position_ids": [999999]}).status_code == 422
    )
    assert not CaseConference.objects.exists()


def test_trainings_are_meetings_of_their_kind(api, authority_position):
    from inprocedere.network.models import Position

    coordination = Position.objects.get(organisation__slug="ism", title="Projektkoordination")
    client = api("coordinator")
    ids = {}
    for kind in ("meeting", "training"):
        response = _post(
            client,
            "/api/v1/meetings",
            {
                "chair_position_id": coordination.pk,
                "kind": kind,
                "level": "network",
                "topic": "T",
                "title": kind,
                "starts_at": at(6).isoformat(),
                "ends_at": at(6, 12).isoformat(),
                "place": "Mainz",
                "expertise_organisation": "kv-germersheim",
                "position_ids": [authority_position.pk],
            },
        )
        assert response.status_code == 201, response.content
        ids[kind] = response.json()["id"]
    reader = api("ministry_reader")
    assert [m["id"] for m in reader.get("/api/v1/trainings").json()] == [ids["training"]]
    assert reader.get(f"/api/v1/trainings/{ids['meeting']}").status_code == 404
    training = reader.get(f"/api/v1/trainings/{ids['training']}").json()
    assert training["expertise_organisation"] == "kv-germersheim"
    assert reader.get(f"/api/v1/meetings/{ids['meeting']}").json()["expertise_organisation"] is None
    bad = _post(client, "/api/v1/meetings", {"kind": "party"})
    assert bad.status_code == 422
    local = _post(
        client,
        "/api/v1/meetings",
        {
            "chair_position_id": coordination.pk,
            "kind": "meeting",
            "level": "local",
            "region": "atlantis",
            "topic": "T",
            "title": "x",
            "starts_at": at(6).isoformat(),
            "ends_at": at(6, 12).isoformat(),
            "place": "x",
        },
    )
    assert local.status_code == 422
    assert Meeting.objects.count() == 2
