"""What the directory endpoints answer, read through the same selectors as the pages."""

import pytest

from inprocedere.network.models import Organisation, Person, Position, Tenure

pytestmark = pytest.mark.django_db

GERMERSHEIM_ABH = "Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"


def _items(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_search_finds_the_residence_law_contact_in_germersheim(caseworker_api):
    items = _items(caseworker_api, "/api/v1/positions", q="Aufenthaltsrecht Germersheim")
    match = next(item for item in items if item["title"] == GERMERSHEIM_ABH)
    assert items[0] == match
    assert match["organisation"] == {
        "slug": "kv-germersheim",
        "name": "Kreisverwaltung Germersheim",
        "short_name": "KV Germersheim",
    }
    assert {t["slug"] for t in match["topics"]} == {"residence-law", "work-permit"}
    assert [r["slug"] for r in match["regions"]] == ["germersheim"]
    assert match["phone"] == {"e164": "+49727453312", "national": "07274 53312"}
    assert match["email"] == "auslaenderbehoerde@kreis-germersheim.example"
    assert match["vacant"] is False
    [holder] = match["holders"]
    assert holder["name"] == "Sabine Keller"
    assert holder["phone"]["e164"] == "+49727453313"
    assert set(holder) == {"id", "name", "phone", "email"}
    deputy = match["deputy"]
    assert deputy["title"] == "Ausländerbehörde – Sachgebietsleitung"
    assert [h["name"] for h in deputy["holders"]] == ["Markus Fischer"]


def test_search_ignores_case_and_umlauts_like_the_directory_page(caseworker_api):
    folded = _items(caseworker_api, "/api/v1/positions", q="auslaenderbehoerde germersheim")
    assert GERMERSHEIM_ABH in [item["title"] for item in folded]


def test_position_filters_combine(caseworker_api):
    items = _items(
        caseworker_api,
        "/api/v1/positions",
        topic="residence-law",
        region="germersheim",
        organisation="kv-germersheim",
    )
    assert items
    for item in items:
        assert item["organisation"]["slug"] == "kv-germersheim"
        assert "residence-law" in {t["slug"] for t in item["topics"]}
    assert _items(caseworker_api, "/api/v1/positions", q="nichtsdergleichenxyz") == []
    assert _items(caseworker_api, "/api/v1/positions", topic="no-such-topic") == []


def test_a_vacant_position_names_its_deputy(caseworker_api):
    items = _items(caseworker_api, "/api/v1/positions", q="Projekt InProcedere")
    [vacant] = [item for item in items if item["title"].endswith("(Projekt InProcedere)")]
    assert vacant["vacant"] is True
    assert vacant["holders"] == []
    assert vacant["deputy"]["holders"][0]["name"] == "Thomas Wagner"


def test_a_position_without_regions_shows_its_organisations(caseworker_api):
    organisation = Organisation.objects.get(slug="arge-landau-suew")
    position = Position.objects.create(organisation=organisation, title="Empfang")
    item = caseworker_api.get(f"/api/v1/positions/{position.pk}").json()
    expected = sorted(r.slug for r in position.organisation.regions.all())
    assert sorted(r["slug"] for r in item["regions"]) == expected


def test_position_detail_has_the_history_of_holders(caseworker_api):
    position = Position.objects.get(title=GERMERSHEIM_ABH)
    detail = caseworker_api.get(f"/api/v1/positions/{position.pk}").json()
    assert detail["id"] == position.pk
    assert [t["person"]["name"] for t in detail["tenures"]] == ["Sabine Keller"]
    assert detail["tenures"][0]["starts_on"] == "2009-01-01"
    assert detail["tenures"][0]["ends_on"] is None
    lead = Position.objects.get(title="Ausländerbehörde – Sachgebietsleitung", deputy=position)
    assert {"id": lead.pk, "title": lead.title} in detail["deputy_for"]


def test_organisation_list_filters_by_region_and_kind(caseworker_api):
    everyone = _items(caseworker_api, "/api/v1/organisations")
    in_germersheim = _items(caseworker_api, "/api/v1/organisations", region="germersheim")
    offices = _items(
        caseworker_api, "/api/v1/organisations", region="germersheim", kind="immigration_office"
    )
    assert 0 < len(offices) < len(in_germersheim) < len(everyone)
    assert [o["slug"] for o in offices] == ["kv-germersheim"]
    assert offices[0]["kind"]["value"] == "immigration_office"
    assert offices[0]["kind"]["label"]


def test_organisation_detail_has_the_mandate_in_both_languages(api_client, token_for):
    raw = token_for("case_worker")
    german = api_client(raw, language="de").get("/api/v1/organisations/kv-germersheim").json()
    english = api_client(raw, language="en").get("/api/v1/organisations/kv-germersheim").json()
    assert german["mandate"]["de"] == english["mandate"]["de"]
    assert german["mandate"]["en"] == english["mandate"]["en"]
    assert german["mandate"]["does"] == german["mandate"]["de"]["does"]
    assert english["mandate"]["does"] == english["mandate"]["en"]["does"]
    assert german["mandate"]["de"]["does"] != german["mandate"]["en"]["does"]
    assert german["address"] == {
        "street": "Luitpoldplatz 1",
        "postcode": "76726",
        "city": "Germersheim",
    }
    assert german["phone"] == {"e164": "+497274530", "national": "07274 530"}
    assert {m["funding_period"]["slug"] for m in german["memberships"]} == {"fp1", "fp2", "fp3"}
    assert german["subprojects"]
    assert {s["region"]["slug"] for s in german["subprojects"]} == {"germersheim"}


def test_topics_are_named_in_the_language_of_the_request(api_client, token_for):
    raw = token_for("case_worker")
    german = _items(api_client(raw, language="de"), "/api/v1/topics")
    english = _items(api_client(raw, language="en"), "/api/v1/topics")
    residence_de = next(t for t in german if t["slug"] == "residence-law")
    residence_en = next(t for t in english if t["slug"] == "residence-law")
    assert residence_de["name"] == "Aufenthaltsrecht"
    assert residence_en["name"] == "Residence law"


def test_reference_lists(caseworker_api):
    regions = _items(caseworker_api, "/api/v1/regions")
    assert "germersheim" in [r["slug"] for r in regions]
    periods = _items(caseworker_api, "/api/v1/funding-periods")
    assert [p["slug"] for p in periods] == ["fp1", "fp2", "fp3"]
    assert periods[0]["starts_on"] < periods[1]["starts_on"]


def test_people_search_and_detail(caseworker_api):
    [keller] = _items(caseworker_api, "/api/v1/people", q="keller")
    assert keller["name"] == "Sabine Keller"
    assert [p["title"] for p in keller["positions"]] == [GERMERSHEIM_ABH]
    detail = caseworker_api.get(f"/api/v1/people/{keller['id']}").json()
    assert detail["tenures"][0]["position"]["title"] == GERMERSHEIM_ABH
    assert detail["tenures"][0]["end_reason"] is None


def test_people_detail_shows_ended_tenures(caseworker_api):
    person = Person.objects.get(given_name="Sabine", family_name="Keller")
    other = Position.objects.exclude(tenures__person=person).first()
    Tenure.objects.create(
        position=other,
        person=person,
        starts_on="2005-01-01",
        ends_on="2008-12-31",
        end_reason=Tenure.EndReason.MOVED,
    )
    detail = caseworker_api.get(f"/api/v1/people/{person.pk}").json()
    assert other.pk not in [p["id"] for p in detail["positions"]]  # held no longer
    ended = next(t for t in detail["tenures"] if t["position"]["id"] == other.pk)
    assert ended["ends_on"] == "2008-12-31"
    assert ended["end_reason"]["value"] == "moved"


def test_me_names_the_user_their_roles_and_positions(api_client, token_for):
    me = api_client(token_for("team_lead")).get("/api/v1/me").json()
    assert me["username"] == "teamlead"
    assert me["display_name"]
    assert "team_lead" in [role["value"] for role in me["roles"]]
    assert me["positions"]

    outsider = api_client(token_for("outsider")).get("/api/v1/me").json()
    assert outsider["roles"] == []
    assert outsider["positions"] == []
