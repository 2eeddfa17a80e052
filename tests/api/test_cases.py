"""The case-work API: the journey, refused transitions, stale versions, redaction."""

import datetime as dt

import pytest
from django.utils import timezone

from inprocedere.cases.models import Activity, Case, Referral
from inprocedere.network.models import Position
from inprocedere.participants.models import Participant
from tests.conftest import grant_consent

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def person():
    from inprocedere.network.models import Organisation

    person = Participant.unrestricted.create(
        family_name="Rahimi",
        given_names="Omid",
        registered_by=Organisation.objects.get(slug="kv-germersheim"),
    )
    grant_consent(person, "profes", "jc-germersheim", purposes=["referral", "counselling"])
    return person


@pytest.fixture
def clients(token_for):
    # English: the tests below read English messages; German is the default language
    return {
        p: ApiClient(token_for(p), language="en")
        for p in ("authority_officer", "case_worker", "team_lead")
    }


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _refer(client, person):
    position = Position.objects.get(title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung")
    return _post(
        client,
        "/api/v1/referrals",
        {
            "participant_id": person.pk,
            "from_position_id": position.pk,
            "to_organisation": "profes",
            "reason": "Tolerated, wants to train as a nurse.",
            "urgency": "high",
        },
    )


def test_the_journey_through_the_api(clients, person):
    authority, carrier = clients["authority_officer"], clients["case_worker"]
    response = _refer(authority, person)
    assert response.status_code == 201, response.content
    referral = response.json()
    assert referral["state"]["value"] == "sent"
    assert referral["participant"]["name"] == "Omid Rahimi"
    assert [t["to_state"] for t in referral["transitions"]] == ["sent"]
    rid = referral["id"]

    duplicate = _refer(authority, person)
    assert duplicate.status_code == 422
    assert "already has an open referral" in str(duplicate.json()["detail"])

    inbox = carrier.get("/api/v1/referrals", {"box": "in"}).json()["items"]
    assert rid in [item["id"] for item in inbox]

    refused = _post(carrier, f"/api/v1/referrals/{rid}/intake", {"owner_position_id": 1})
    assert refused.status_code == 422  # not yet accepted
    when = (timezone.now() + dt.timedelta(days=2)).isoformat()
    accepted = _post(carrier, f"/api/v1/referrals/{rid}/accept", {"first_appointment": when})
    assert accepted.status_code == 200
    assert accepted.json()["state"]["value"] == "accepted"
    again = _post(carrier, f"/api/v1/referrals/{rid}/decline", {"reason": "changed my mind"})
    assert again.status_code == 422
    assert "Not possible" in again.json()["detail"][0]["msg"]

    owner = Position.objects.get(title="Beratung und Begleitung Germersheim")
    intake = _post(
        carrier,
        f"/api/v1/referrals/{rid}/intake",
        {"owner_position_id": owner.pk, "esf_entry_date": str(TODAY())},
    )
    assert intake.status_code == 201, intake.content
    case = intake.json()
    cid = case["id"]
    assert case["owner_organisation"]["slug"] == "profes"
    assert case["version"] == 1

    activity = _post(
        carrier,
        f"/api/v1/cases/{cid}/activities",
        {
            "kind": "counselling",
            "date": str(TODAY()),
            "duration_minutes": 30,
            "note": "Private",
            "confidential": True,
        },
    )
    assert activity.status_code == 201, activity.content
    measure = _post(
        carrier,
        "/api/v1/measures",
        {
            "title": "Pflegehilfe",
            "provider": "profes",
            "type": "qualification",
            "funding_source": "sgb2_16",
            "starts_on": str(TODAY()),
            "ends_on": str(TODAY() + dt.timedelta(days=100)),
        },
    )
    assert measure.status_code == 201, measure.content
    enrollment = _post(
        carrier, f"/api/v1/cases/{cid}/enrollments", {"measure_id": measure.json()["id"]}
    )
    assert enrollment.status_code == 201
    eid = enrollment.json()["id"]
    url = f"/api/v1/cases/{cid}/enrollments/{eid}/transition"
    assert _post(carrier, url, {"state": "completed", "on": str(TODAY())}).status_code == 422
    assert _post(carrier, url, {"state": "ongoing", "on": str(TODAY())}).status_code == 200
    placement = _post(
        carrier,
        f"/api/v1/cases/{cid}/placements",
        {"type": "vocational_training", "employer": "Klinikum", "starts_on": str(TODAY())},
    )
    assert placement.status_code == 201
    assert carrier.get(f"/api/v1/cases/{cid}/exit").status_code == 404
    bad_exit = _post(
        carrier,
        f"/api/v1/cases/{cid}/exit",
        {"exit_date": "2001-01-01", "reason": "placed", "status_upon_leaving": "employed"},
    )
    assert bad_exit.status_code == 422
    assert bad_exit.json()["detail"][0]["loc"] == ["exit_date"]
    exit_ = _post(
        carrier,
        f"/api/v1/cases/{cid}/exit",
        {
            "exit_date": str(TODAY()),
            "reason": "placed",
            "status_upon_leaving": "education_training",
        },
    )
    assert exit_.status_code == 201, exit_.content
    assert exit_.json()["follow_up"]["done_on"] is None
    detail = carrier.get(f"/api/v1/cases/{cid}").json()
    assert detail["status"]["value"] == "closed"
    kinds = {entry["kind"] for entry in detail["timeline"]}
    assert {"referral", "activity", "enrollment", "placement", "exit"} <= kinds
    assert authority.get(f"/api/v1/referrals/{rid}").json()["state"]["value"] == "intake_done"


def test_a_stale_patch_answers_409(clients, person, user_for):
    from inprocedere.cases import services

    owner = Position.objects.get(title="Beratung und Begleitung Germersheim")
    case = Case.unrestricted.create(
        participant=person, owner_organisation=owner.organisation, owner_position=owner
    )
    carrier, lead = clients["case_worker"], clients["team_lead"]
    url = f"/api/v1/cases/{case.pk}"
    ok = carrier.patch(url, {"version": 1, "rural": True}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["version"] == 2
    stale = lead.patch(url, {"version": 1, "homeless": True}, content_type="application/json")
    assert stale.status_code == 409
    assert user_for("case_worker").display_name in stale.json()["detail"]  # the person's name
    paused = lead.patch(url, {"version": 2, "status": "paused"}, content_type="application/json")
    assert paused.status_code == 200
    assert paused.json()["status"]["value"] == "paused"
    bad = lead.patch(url, {"version": 3, "status": "sleeping"}, content_type="application/json")
    assert bad.status_code == 422
    case.refresh_from_db()
    assert (case.homeless, case.status) == (False, "paused")
    services  # noqa: B018 - imported for the fixture's side effects only


def test_confidential_notes_are_redacted_for_the_case_team(clients, person, token_for):
    from inprocedere.cases import services
    from inprocedere.network.models import Position as P

    owner = P.objects.get(title="Beratung und Begleitung Germersheim")
    case = Case.unrestricted.create(
        participant=person, owner_organisation=owner.organisation, owner_position=owner
    )
    case.team.add(P.objects.get(title="Fallmanagement Migration"))
    Activity.objects.create(
        case=case,
        kind="counselling",
        date=TODAY(),
        duration_minutes=10,
        note="secret",
        confidential=True,
        position=owner,
    )
    own = clients["case_worker"].get(f"/api/v1/cases/{case.pk}/activities").json()["items"]
    team = ApiClient(token_for("jobcentre_officer")).get(f"/api/v1/cases/{case.pk}/activities")
    assert own[0]["note"] == "secret"
    assert team.json()["items"][0]["note"] == ""
    assert services


@pytest.mark.parametrize(
    "body",
    [
        {"reason": ""},
        {"reason": "x" * 4001},
        {"urgency": "whenever"},
        {"to_organisation": "no-such-org"},
        {"to_organisation": "profes; DROP"},
        {"participant_id": 999999999},
    ],
)
def test_bad_referrals_are_refused_with_422(clients, person, body):
    position = Position.objects.get(title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung")
    data = {
        "participant_id": person.pk,
        "from_position_id": position.pk,
        "to_organisation": "profes",
        "reason": "ok",
    }
    data.update(body)
    response = _post(clients["authority_officer"], "/api/v1/referrals", data)
    assert response.status_code == 422, response.content
    assert not Referral.unrestricted.exists()
