"""Participant pages: access per persona, 404 outside one's reach, registration with the
duplicate warning (no JavaScript needed), versioned edits, constant query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from inprocedere.core.partial_dates import PartialDate
from inprocedere.participants.models import Participant, ResidenceStatus

pytestmark = pytest.mark.django_db

CASE_ROLES = ["case_worker", "team_lead", "authority_officer", "jobcentre_officer"]
OTHERS = ["coordinator", "ministry_reader", "dpo", "administrator", "outsider"]


def _english(client):
    """For tests that read English messages; German is the default language."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _detail(participant):
    return reverse("participants:participant_detail", args=[participant.pk])


@pytest.mark.parametrize("persona", OTHERS)
def test_roles_without_case_work_see_no_participants(persona, participant, client_for):
    client = client_for(persona)
    response = client.get(reverse("participants:participant_list"))
    assert response.status_code == 200
    assert "Haidari" not in response.content.decode()
    assert client.get(_detail(participant)).status_code == 404
    assert client.get(reverse("participants:participant_create")).status_code == 403


def test_the_registering_office_and_referred_carrier_see_the_person(
    participant, client_for, refer_to_carrier
):
    assert client_for("authority_officer").get(_detail(participant)).status_code == 200
    assert client_for("case_worker").get(_detail(participant)).status_code == 404
    assert client_for("jobcentre_officer").get(_detail(participant)).status_code == 404
    refer_to_carrier(participant)
    for persona in ("case_worker", "team_lead"):
        response = client_for(persona).get(_detail(participant))
        assert response.status_code == 200
        assert "Haidari" in response.content.decode()
    assert client_for("jobcentre_officer").get(_detail(participant)).status_code == 404


def test_unknown_participant_is_404(client_for):
    assert client_for("authority_officer").get("/participants/999999/").status_code == 404
    assert client_for("authority_officer").get("/participants/999999/edit/").status_code == 404


def test_search_ignores_case_and_diacritics_and_finds_aliases(register, client_for, user_for):
    from inprocedere.participants import services

    person = register(family_name="Müller", given_names="Jürgen", birth_date=PartialDate(1980))
    register(family_name="Nikolić", given_names="Dragan", birth_date=PartialDate(1975, 4))
    services.alias_add(
        actor=user_for("authority_officer"), participant=person, family_name="Miller"
    )
    client = client_for("authority_officer")
    url = reverse("participants:participant_list")
    for q in ("müller", "MUELLER", "Mueller jürgen", "miller"):
        body = client.get(url, {"q": q}).content.decode()
        assert "Müller" in body and "Nikolić" not in body, q
    body = client.get(url, {"q": "nikolic"}).content.decode()
    assert "Nikolić" in body
    body = client.get(url, {"birth_year": "1975"}).content.decode()
    assert "Nikolić" in body and "Müller" not in body
    assert client.get(url, {"birth_year": "abc", "q": "x" * 500}).status_code == 200


def _registration(**extra):
    return {
        "family_name": "Al-Hassan",
        "given_names": "Muhammad",
        "birth_date": "1988",
        "gender": "man",
        "minor_children": "0",
        **extra,
    }


def test_registration_warns_of_possible_duplicates_before_saving(register, client_for):
    existing = register(
        family_name="Al-Hassan", given_names="Mohammed", birth_date=PartialDate(1988, 3, 14)
    )
    client = _english(client_for("authority_officer"))
    url = reverse("participants:participant_create")
    response = client.post(url, _registration())
    assert response.status_code == 200
    body = response.content.decode()
    assert "may already be registered" in body
    assert _detail(existing) in body  # pick the existing person
    assert 'name="confirm"' in body
    assert Participant.unrestricted.count() == 1

    response = client.post(url, _registration(confirm="on"))
    assert response.status_code == 302
    assert Participant.unrestricted.count() == 2


def test_registration_warning_never_names_people_outside_reach(register, client_for):
    """docs/access-policy.md, "Duplicate checks do not disclose": the immigration office's
    person is not shown to the carrier, whose registration goes through at once."""
    register(family_name="Al-Hassan", given_names="Mohammed", birth_date=PartialDate(1988, 3, 14))
    response = _english(client_for("case_worker")).post(
        reverse("participants:participant_create"), _registration()
    )
    assert response.status_code == 302
    assert Participant.unrestricted.count() == 2


def test_registration_without_candidates_saves_at_once(client_for):
    response = client_for("case_worker").post(
        reverse("participants:participant_create"), _registration(family_name="Tesfay")
    )
    assert response.status_code == 302
    participant = Participant.unrestricted.get()
    assert participant.registered_by.slug == "profes"
    assert response["Location"] == _detail(participant)


def test_registration_errors_are_shown_on_the_fields(client_for):
    response = client_for("authority_officer").post(
        reverse("participants:participant_create"),
        _registration(birth_date="2999", family_name="x" * 200, email="nope"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"birth_date", "family_name", "email"}
    assert not Participant.unrestricted.exists()


def test_edit_with_a_stale_version_is_409(participant, client_for):
    client = _english(client_for("authority_officer"))
    url = reverse("participants:participant_edit", args=[participant.pk])
    assert client.get(url).status_code == 200
    data = _registration(family_name="Haidary", given_names="Ahmad", version="1")
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "family_name": "Heydari"})
    assert response.status_code == 409
    assert "while you were editing" in response.content.decode()
    participant.refresh_from_db()
    assert participant.family_name == "Haidary"


def test_record_pages(participant, client_for):
    client = _english(client_for("authority_officer"))
    base = f"/participants/{participant.pk}"
    response = client.post(
        f"{base}/residence/new/",
        {"status_type": "duldung", "valid_from": "2023-01-01", "valid_until": "2022-01-01"},
    )
    assert response.status_code == 200
    assert "valid_until" in response.context["form"].errors
    response = client.post(
        f"{base}/residence/new/",
        {"status_type": "duldung", "valid_from": "2023-01-01", "valid_until": "2099-01-01"},
    )
    assert response.status_code == 302
    status = ResidenceStatus.objects.get()
    assert client.get(f"{base}/residence/{status.pk}/edit/").status_code == 200
    body = client.get(base + "/").content.decode()
    assert "Months tolerated" in body
    assert (
        client.post(
            f"{base}/benefits/new/", {"system": "asylblg_3", "valid_from": "2023-01-01"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"{base}/work-permits/new/",
            {
                "applied_on": "2024-01-01",
                "employer": "Firma",
                "job": "Lager",
                "agency_decision": "pending",
            },
        ).status_code
        == 302
    )
    assert client.post(f"{base}/aliases/new/", {"family_name": "Haydari"}).status_code == 302
    # Someone else's record, or a record under another participant's address: 404.
    other = client_for("jobcentre_officer")
    assert other.get(f"{base}/residence/{status.pk}/edit/").status_code == 404
    assert other.get(f"{base}/residence/new/").status_code == 404
    assert client.get(f"/participants/999999/residence/{status.pk}/edit/").status_code == 404


def _fill(register, count):
    for index in range(count):
        participant = register(
            family_name=f"Person{index:03d}", given_names="Test", birth_date=PartialDate(1990)
        )
        ResidenceStatus.objects.create(
            participant=participant,
            status_type_id=_duldung_id(),
            paragraph="60a",
            valid_from=dt.date(2024, 1, 1),
        )


def _duldung_id():
    from inprocedere.participants.models import ResidenceStatusType

    return ResidenceStatusType.objects.get(code="duldung").pk


@pytest.mark.parametrize("count", [5, 50])
def test_the_register_costs_the_same_queries_for_5_and_50(
    count, register, client_for, django_assert_num_queries
):
    _fill(register, count)
    client = client_for("authority_officer")
    url = reverse("participants:participant_list")
    client.get(url)  # warm up the session
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Person0") == count


QUERIES = 10  # incl. who may see what (1) and the access-log insert (1)


def test_a_merged_record_leaves_the_register_but_keeps_its_page(client_for, user_for):
    from inprocedere.network.models import Organisation
    from inprocedere.participants.models import Participant

    authority = Organisation.objects.get(slug="kv-germersheim")
    kept = Participant.unrestricted.create(
        family_name="Haidari", given_names="Ahmad", registered_by=authority
    )
    merged = Participant.unrestricted.create(
        family_name="Haydari", given_names="Ahmad", registered_by=authority, merged_into=kept
    )
    client = client_for("authority_officer")
    register = client.get("/participants/").content.decode()
    assert f'href="/participants/{kept.pk}/"' in register
    assert f'href="/participants/{merged.pk}/"' not in register
    page = client.get(f"/participants/{merged.pk}/").content.decode()
    assert f'href="/participants/{kept.pk}/"' in page
