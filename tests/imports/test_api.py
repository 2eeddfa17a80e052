"""The import API: who may upload, dry run and import, the report in both languages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from inprocedere.api.routers.imports import router as imports_router
from inprocedere.participants.models import ExternalIdentifier
from tests.api.conftest import ApiClient
from tests.conftest import PERSONAS

from .conftest import make_csv, row

pytestmark = pytest.mark.django_db

IMPORTERS = {"case_worker", "team_lead"}


def upload(client, content, **data):
    data = {"organisation": "profes", **data}
    return client.post(
        "/api/v1/imports", {"file": SimpleUploadedFile("sheet.csv", content), **data}
    )


def test_the_import_routes():
    # The router's own paths (the whole schema is another test's business).
    assert set(imports_router.path_operations) == {"/imports", "/imports/{id}"}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_who_may_upload(persona, token_for):
    response = upload(ApiClient(token_for(persona)), make_csv([row()]), dry_run="true")
    if persona in IMPORTERS:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "checked"
    else:
        assert response.status_code == 403
        assert isinstance(response.json()["detail"], str)


def test_anonymous_gets_401():
    assert upload(Client(), make_csv([row()])).status_code == 401
    assert Client().get("/api/v1/imports/00000000-0000-0000-0000-000000000000").status_code == 401


def test_dry_run_then_commit_with_the_same_report(token_for, profes):
    client = ApiClient(token_for("case_worker"), language="en")
    content = make_csv([row(), row(participant_ref="R-2", given_names="Omar", gender="man")])
    dry = upload(client, content, dry_run="true").json()
    assert dry["dry_run"] is True
    assert dry["summary"]["new_people"] == 2
    assert not ExternalIdentifier.objects.filter(organisation=profes, value="R-1").exists()
    response = upload(client, content)
    assert response.status_code == 201, response.content
    done = response.json()
    assert done["status"] == "done"
    assert done["summary"] == dry["summary"]
    assert done["result"] == {"new_people": 2, "new_entries": 2}
    assert ExternalIdentifier.objects.filter(organisation=profes, value="R-1").exists()
    report = client.get(f"/api/v1/imports/{done['id']}")
    assert report.status_code == 200
    assert report.json()["result"] == done["result"]


def test_invalid_sheet_is_422_with_problems_in_the_language_asked(token_for, profes):
    content = make_csv([row(gender="vielleicht", entry_date="31.02.2020")])
    english = upload(ApiClient(token_for("team_lead"), language="en"), content)
    assert english.status_code == 422
    problems = {(p["row"], p["column"]): p["message"] for p in english.json()["problems"]}
    assert "does not exist in the calendar" in problems[(2, "entry_date")]
    assert "is not a known value" in problems[(2, "gender")]
    german = upload(ApiClient(token_for("team_lead"), language="de"), content).json()
    assert german["problems"][0]["code"] in {"bad_choice", "impossible_date"}
    assert not ExternalIdentifier.objects.filter(organisation=profes, value="R-1").exists()


def test_bad_requests(token_for):
    client = ApiClient(token_for("case_worker"), language="en")
    no_file = client.post("/api/v1/imports", {"organisation": "profes"})
    assert no_file.status_code == 422
    other = upload(client, make_csv([row()]), organisation="kv-germersheim")
    assert other.status_code == 422
    assert "organisation" in str(other.json()["detail"])
    not_a_sheet = upload(client, b"%PDF-1.4\n\x00\x01binary")
    assert not_a_sheet.status_code == 422
    assert not_a_sheet.json()["problems"][0]["code"] == "file_not_table"


def test_someone_elses_run_is_404(token_for):
    done = upload(ApiClient(token_for("case_worker")), make_csv([row()]), dry_run="1").json()
    other = ApiClient(token_for("team_lead"))
    assert other.get(f"/api/v1/imports/{done['id']}").status_code == 404
    assert other.get("/api/v1/imports/not-a-uuid").status_code in (404, 422)


def test_too_large_is_refused_before_reading(token_for, settings):
    settings.INPROCEDERE_IMPORT_MAX_BYTES = 100
    response = upload(ApiClient(token_for("case_worker"), language="en"), make_csv([row()] * 3))
    assert response.status_code == 422
    assert response.json()["problems"][0]["code"] == "file_too_large"


def test_the_dry_run_does_not_disclose_another_organisations_people(token_for):
    """Issue 16, item 1: a carrier's dry run naming a person an immigration office
    registered answers exactly as if nobody were registered (docs/access-policy.md)."""
    from inprocedere.core import derived
    from inprocedere.network.models import Organisation
    from inprocedere.participants.models import Participant

    client = ApiClient(token_for("case_worker"), language="en")
    content = make_csv([row()])
    unknown = upload(client, content, dry_run="true").json()
    elsewhere = Participant.unrestricted.create(
        family_name="Haddad",
        given_names="Amina",
        birth_date="1994-03-12",
        registered_by=Organisation.objects.get(slug="kv-germersheim"),
        search_text="",
    )
    derived.refresh([elsewhere.pk])
    response = upload(client, content, dry_run="true")
    assert response.status_code == 200
    known = response.json()
    assert known["problems"] == unknown["problems"] == []
    assert known["summary"] == unknown["summary"]
    assert "Germersheim" not in response.content.decode()
