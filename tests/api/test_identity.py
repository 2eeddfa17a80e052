"""Aliases and identifiers of a participant through the API (issue 16: "the API covers
what the pages do"): the page's services, so the same policy (`participant.edit`), the
same rules, audit entries and search text; every persona, foreign and missing ids alike,
nothing written on a refusal."""

import pytest

from inprocedere.core.models import AuditEntry
from inprocedere.participants.models import Alias, ExternalIdentifier, Participant
from inprocedere.participants.selectors import ParticipantQuery, participants_for
from inprocedere.privacy import policy
from tests.conftest import PERSONAS

from .conftest import ApiClient
from .test_cases import person  # noqa: F401 - fixture: registered by the immigration office

pytestmark = pytest.mark.django_db

MISSING = 987654321


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _written(who):
    return (
        Alias.objects.filter(participant=who).count(),
        ExternalIdentifier.objects.filter(participant=who).count(),
        AuditEntry.objects.count(),
        Participant.unrestricted.get(pk=who.pk).search_text,
    )


def test_an_alias_is_added_found_by_the_search_and_removed(person, token_for, user_for):  # noqa: F811
    client = ApiClient(token_for("authority_officer"))
    response = _post(
        client,
        f"/api/v1/participants/{person.pk}/aliases",
        {"family_name": "Rahimy", "given_names": "Omed", "source": "passport"},
    )
    assert response.status_code == 201, response.content
    alias = response.json()
    assert (alias["family_name"], alias["source"]) == ("Rahimy", "passport")
    assert AuditEntry.objects.filter(action="participants.alias.added").count() == 1
    found = participants_for(user_for("authority_officer"), ParticipantQuery(text="Rahimy"))
    assert person.pk in {p.pk for p in found}
    detail = client.get(f"/api/v1/participants/{person.pk}").json()
    assert [a["id"] for a in detail["aliases"]] == [alias["id"]]

    removed = client.delete(f"/api/v1/participants/{person.pk}/aliases/{alias['id']}")
    assert removed.status_code == 204
    assert not Alias.objects.filter(participant=person).exists()
    assert AuditEntry.objects.filter(action="participants.alias.removed").count() == 1
    again = client.delete(f"/api/v1/participants/{person.pk}/aliases/{alias['id']}")
    assert again.status_code == 404


def test_an_identifier_is_recorded_once_per_organisation(person, token_for):  # noqa: F811
    client = ApiClient(token_for("authority_officer"), language="en")
    url = f"/api/v1/participants/{person.pk}/identifiers"
    body = {"organisation": "jc-germersheim", "kind": "jobcentre_customer", "value": "123D456"}
    response = _post(client, url, body)
    assert response.status_code == 201, response.content
    assert response.json()["organisation"]["slug"] == "jc-germersheim"
    assert response.json()["kind"]["value"] == "jobcentre_customer"
    assert AuditEntry.objects.filter(action="participants.external_id.added").count() == 1

    other = Participant.unrestricted.create(
        family_name="Rahimi", given_names="O.", registered_by=person.registered_by
    )
    twice = _post(client, f"/api/v1/participants/{other.pk}/identifiers", body)
    assert twice.status_code == 422
    assert "registered twice" in str(twice.json()["detail"])
    assert not ExternalIdentifier.objects.filter(participant=other).exists()


@pytest.mark.parametrize(
    "path, body",
    [
        ("aliases", {"family_name": ""}),
        ("aliases", {"family_name": "x" * 151}),
        ("aliases", {"given_names": "Omid"}),
        ("aliases", {"family_name": "Rahimy", "given_names": 7}),
        ("identifiers", {"organisation": "nowhere", "kind": "azr", "value": "1"}),
        ("identifiers", {"organisation": "jc-germersheim", "kind": "passport", "value": "1"}),
        ("identifiers", {"organisation": "jc-germersheim", "kind": "azr", "value": ""}),
    ],
)
def test_bad_input_is_422_and_writes_nothing(person, token_for, path, body):  # noqa: F811
    client = ApiClient(token_for("authority_officer"))
    before = _written(person)
    response = _post(client, f"/api/v1/participants/{person.pk}/{path}", body)
    assert response.status_code == 422, response.content
    assert _written(person) == before


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_every_persona_by_the_policy(persona, person, token_for, user_for):  # noqa: F811
    """Who may edit the person (`participant.edit`) adds and removes; everyone else gets
    what a missing person gets (404; 401 without credentials), and nothing is written."""
    client = ApiClient(token_for(persona)) if persona != "anonymous" else ApiClient()
    alias = Alias.objects.create(participant=person, family_name="Rahimy")
    may = persona != "anonymous" and policy.can(user_for(persona), "participant.edit", person)
    before = _written(person)
    writes = [
        ("post", "aliases", {"family_name": "Rahimie"}),
        ("post", "identifiers", {"organisation": "kv-germersheim", "kind": "azr", "value": "9"}),
        ("delete", f"aliases/{alias.pk}", None),
    ]
    for method, path, body in writes:
        codes = {}
        for pk in (person.pk, MISSING):
            url = f"/api/v1/participants/{pk}/{path}"
            response = client.delete(url) if method == "delete" else _post(client, url, body)
            codes[pk] = response.status_code
        if persona == "anonymous":
            assert set(codes.values()) == {401}
        elif may:
            assert codes[person.pk] in (201, 204), (persona, path, codes)
            assert codes[MISSING] == 404
        else:
            # a person out of reach answers exactly like one that does not exist
            assert codes[person.pk] == codes[MISSING] == 404, (persona, path, codes)
            assert _written(person) == before, (persona, path)
    if may:
        assert _written(person) != before
