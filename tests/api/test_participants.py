"""The participant API: registration with the duplicate check, versioned PATCH (409),
records, and bad input answered with 422 field messages, never a 500."""

import pytest

from inprocedere.core.models import AuditEntry
from inprocedere.participants.models import Participant, ResidenceStatus

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(token_for):
    return ApiClient(token_for("authority_officer"), language="en")


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _register(client, **extra):
    body = {"family_name": "Al-Hassan", "given_names": "Mohammed", "birth_date": "1988-03-14"}
    return _post(client, "/api/v1/participants", {**body, **extra})


def test_register_read_and_search(officer):
    response = _register(officer, citizenships=["SY"], languages=["ar"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["registered_by"]["slug"] == "kv-germersheim"
    assert body["birth_date"] == "1988-03-14"
    assert body["citizenships"] == ["SY"]
    assert body["residence"] == {"status": None, "days_until_expiry": None, "months_tolerated": 0}
    found = officer.get("/api/v1/participants", {"q": "al hassan", "birth_year": 1988}).json()
    assert [item["id"] for item in found["items"]] == [body["id"]]
    assert officer.get("/api/v1/participants", {"birth_year": 1989}).json()["count"] == 0


def test_possible_duplicates_answer_409_until_confirmed(officer):
    assert _register(officer).status_code == 201
    response = _register(officer, given_names="Muhammad", birth_date="1988")
    assert response.status_code == 409
    body = response.json()
    assert body["candidates"][0]["participant"]["given_names"] == "Mohammed"
    assert body["candidates"][0]["reasons"]
    response = _register(
        officer, given_names="Muhammad", birth_date="1988", confirm_not_duplicate=True
    )
    assert response.status_code == 201
    assert Participant.unrestricted.count() == 2


def test_the_warning_never_names_people_outside_reach(officer, token_for):
    """The same rule as the import (docs/access-policy.md, "Duplicate checks do not
    disclose"): a carrier registering a person the immigration office holds is not told."""
    assert _register(officer).status_code == 201
    carrier = ApiClient(token_for("case_worker"), language="en")
    response = _register(carrier, given_names="Muhammad")
    assert response.status_code == 201, response.content
    assert "candidates" not in response.json()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"birth_date": "2999"}, "birth_date"),
        ({"birth_date": "30.02.1990"}, "birth_date"),
        ({"family_name": "x" * 151}, "family_name"),
        ({"family_name": ""}, "family_name"),
        ({"gender": "robot"}, "gender"),
        ({"citizenships": ["XX"]}, "citizenships"),
        ({"email": "no"}, "email"),
        ({"languages": ["arabic"]}, "languages"),
        ({"minor_children": -1}, "minor_children"),
        ({"family_name": "a\x00b"}, "family_name"),
    ],
)
def test_bad_registrations_are_422_and_write_nothing(officer, extra, field):
    response = _register(officer, **extra)
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert any(field in error["loc"] for error in detail), detail
    assert not Participant.unrestricted.exists()


def test_patch_with_version_and_stale_409(officer, token_for):
    pk = _register(officer).json()["id"]
    url = f"/api/v1/participants/{pk}"
    response = officer.patch(
        url, {"version": 1, "family_name": "Al Hasan"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    response = officer.patch(
        url, {"version": 1, "postcode": "76726"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert "family name" in response.json()["detail"]
    assert officer.patch(url, {"postcode": "1"}, content_type="application/json").status_code == 422
    response = officer.patch(
        url, {"version": 2, "family_name": None}, content_type="application/json"
    )
    assert response.status_code == 422
    response = officer.patch(
        url, {"version": 2, "birth_date": "2999-01"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert Participant.unrestricted.get().version == 2
    assert AuditEntry.objects.filter(action="participants.participant.updated").count() == 1


def test_records(officer):
    pk = _register(officer).json()["id"]
    base = f"/api/v1/participants/{pk}"
    response = _post(
        officer,
        f"{base}/residence-statuses",
        {
            "status_type": "duldung",
            "valid_from": "2023-01-01",
            "issuing_authority": "kv-germersheim",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["paragraph"] == "60a"
    assert response.json()["issuing_authority"]["slug"] == "kv-germersheim"
    current = officer.get(base).json()["residence"]
    assert current["status"]["status_type"]["code"] == "duldung"
    assert current["months_tolerated"] >= 12
    assert len(officer.get(f"{base}/residence-statuses").json()) == 1

    for body, field in [
        (
            {"status_type": "duldung", "valid_from": "2023-01-01", "valid_until": "2022-01-01"},
            "valid_until",
        ),
        ({"status_type": "nope", "valid_from": "2023-01-01"}, "status_type"),
        ({"status_type": "104c", "valid_from": "2010-01-01"}, "status_type"),
        (
            {"status_type": "duldung", "valid_from": "2023-01-01", "issuing_authority": "nowhere"},
            "issuing_authority",
        ),
        ({"status_type": "duldung", "valid_from": "2023-02-30"}, "valid_from"),
        ({"status_type": "duldung"}, "valid_from"),
    ]:
        response = _post(officer, f"{base}/residence-statuses", body)
        assert response.status_code == 422, (body, response.content)
        assert any(field in error["loc"] for error in response.json()["detail"]), body
    assert ResidenceStatus.objects.count() == 1

    response = _post(
        officer,
        f"{base}/benefit-periods",
        {"system": "sgb2", "valid_from": "2024-01-01", "agency": "jc-germersheim"},
    )
    assert response.status_code == 201, response.content
    response = _post(
        officer,
        f"{base}/benefit-periods",
        {"system": "sgb2", "valid_from": "2024-01-01", "valid_until": "2023-01-01"},
    )
    assert response.status_code == 422
    assert len(officer.get(f"{base}/benefit-periods").json()) == 1

    response = _post(
        officer,
        f"{base}/work-permit-applications",
        {"applied_on": "2024-02-01", "employer": "Firma", "job": "Lager", "hours_per_week": "38.5"},
    )
    assert response.status_code == 201, response.content
    response = _post(
        officer,
        f"{base}/work-permit-applications",
        {
            "applied_on": "2024-02-01",
            "employer": "Firma",
            "job": "Lager",
            "agency_decided_on": "2024-01-01",
        },
    )
    assert response.status_code == 422
    assert len(officer.get(f"{base}/work-permit-applications").json()) == 1


@pytest.mark.parametrize("segment", ["0", "-1", "abc", str(2**64), "1.5"])
def test_odd_ids_are_404_or_422(officer, segment):
    response = officer.get(f"/api/v1/participants/{segment}")
    assert response.status_code in (404, 422)
    assert response["Content-Type"].startswith("application/json")


def test_registration_is_audited(officer):
    pk = _register(officer).json()["id"]
    entry = AuditEntry.objects.get(action="participants.participant.registered", object_id=str(pk))
    assert entry.detail["duplicates_confirmed"] is False
