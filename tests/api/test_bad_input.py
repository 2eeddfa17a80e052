"""Bad input of issue 16: a deactivated user's token, the session of someone whose
position ended this morning, and a referral of another region in every URL that takes
one. Each gets 401 or 404 with a translated message, and nothing changes."""

import datetime as dt

import pytest
from django.utils import timezone

from inprocedere.cases.models import Referral
from inprocedere.network.models import Organisation, Position, Tenure
from inprocedere.participants.models import Participant
from tests.conftest import grant_consent

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

REFERRAL_POSTS = {
    "accept": {"first_appointment": "2030-01-01T10:00:00+01:00"},
    "decline": {"reason": "no"},
    "withdraw": {"reason": "no"},
    "intake": {"owner_position_id": 1},
}


@pytest.fixture
def kreuznach_referral():
    """A referral inside Bad Kreuznach: the immigration office to the Diakonie."""
    office = Organisation.objects.get(slug="kv-bad-kreuznach")
    person = Participant.unrestricted.create(
        family_name="Quendel", given_names="Amir", registered_by=office
    )
    grant_consent(person, "dw")
    return Referral.unrestricted.create(
        participant=person,
        from_position=Position.objects.filter(organisation=office).first(),
        to_organisation=Organisation.objects.get(slug="dw"),
        reason="Bad Kreuznach only",
    )


def _state(referral):
    return Referral.unrestricted.values_list("state", "updated_at").get(pk=referral.pk)


def _api_urls(referral):
    base = f"/api/v1/referrals/{referral.pk}"
    return [("get", base, None)] + [
        ("post", f"{base}/{action}", body) for action, body in REFERRAL_POSTS.items()
    ]


@pytest.mark.parametrize("persona", ["case_worker", "team_lead", "authority_officer"])
def test_a_referral_of_another_region_is_404_in_every_api_url(
    token_for, kreuznach_referral, persona
):
    before = _state(kreuznach_referral)
    client = ApiClient(token_for(persona), language="en")
    for method, url, body in _api_urls(kreuznach_referral):
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, body, content_type="application/json")
        assert response.status_code == 404, (url, response.content)
        assert response.json() == {"detail": "Not found."}
    assert _state(kreuznach_referral) == before


@pytest.mark.parametrize("persona", ["case_worker", "team_lead", "authority_officer"])
def test_a_referral_of_another_region_is_404_on_its_page(client_for, kreuznach_referral, persona):
    before = _state(kreuznach_referral)
    client = client_for(persona)
    url = f"/referrals/{kreuznach_referral.pk}/"
    assert client.get(url).status_code == 404
    for action in REFERRAL_POSTS:
        assert client.post(url, {"action": action}).status_code == 404
    assert _state(kreuznach_referral) == before


def test_the_token_of_a_deactivated_user_is_401_translated_and_writes_nothing(token_for, user_for):
    raw = token_for("authority_officer")
    user = user_for("authority_officer")
    user.is_active = False
    user.save()
    people = Participant.unrestricted.count()
    english = ApiClient(raw, language="en").post(
        "/api/v1/participants",
        {"family_name": "Neu", "given_names": "Nora"},
        content_type="application/json",
    )
    assert english.status_code == 401
    assert english.json()["detail"] == "The API token is invalid, expired or revoked."
    german = ApiClient(raw, language="de").get("/api/v1/me")
    assert german.status_code == 401
    assert "ungültig" in german.json()["detail"]
    assert Participant.unrestricted.count() == people


def test_a_session_whose_position_ended_this_morning_reads_and_changes_nothing(
    client_for, token_for, user_for
):
    from tests.api.test_cases import _refer

    authority = ApiClient(token_for("authority_officer"), language="en")
    person = Participant.unrestricted.create(
        family_name="Rahimi",
        given_names="Omid",
        registered_by=Organisation.objects.get(slug="kv-germersheim"),
    )
    grant_consent(person, "profes", purposes=["referral", "counselling"])
    rid = _refer(authority, person).json()["id"]
    session = client_for("case_worker")  # signed in yesterday, second factor confirmed
    assert session.get(f"/referrals/{rid}/").status_code == 200
    api = ApiClient(token_for("case_worker"), language="en")

    user = user_for("case_worker")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Tenure.objects.filter(person__user=user).update(ends_on=yesterday)

    before = Referral.unrestricted.values_list("state", flat=True).get(pk=rid)
    # Without a position the role check comes first: 403 (the same for every id, so
    # nothing about the record is told), or 404 where a page needs no particular role.
    page = session.get(f"/referrals/{rid}/")
    assert page.status_code == 403
    assert "Ihre Stellen erlauben diese Aktion nicht" in page.content.decode()
    assert session.post(f"/referrals/{rid}/", {"action": "accept"}).status_code == 403
    assert session.get(f"/participants/{person.pk}/").status_code in (403, 404)
    accepted = api.post(
        f"/api/v1/referrals/{rid}/accept",
        REFERRAL_POSTS["accept"],
        content_type="application/json",
    )
    assert accepted.status_code == 404
    assert accepted.json() == {"detail": "Not found."}
    assert api.get(f"/api/v1/participants/{person.pk}").status_code == 404
    assert Referral.unrestricted.values_list("state", flat=True).get(pk=rid) == before
