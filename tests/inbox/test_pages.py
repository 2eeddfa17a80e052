"""The inbox page, the count in the navigation, marking done, the e-mail setting."""

import pytest
from django.urls import reverse

from inprocedere.cases.models import Referral
from inprocedere.inbox.models import EmailPreference, InboxItem
from inprocedere.inbox.services import deliver
from inprocedere.network.models import Organisation, Position
from inprocedere.participants.models import Participant
from tests.conftest import grant_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger():
    """A participant registered by the job centre: nobody at ProfeS may see who it is."""
    return Participant.unrestricted.create(
        family_name="Fremdmann",
        given_names="Farid",
        registered_by=Organisation.objects.get(slug="jc-landau"),
    )


def test_inbox_lists_items_without_names_the_reader_may_not_see(client_for, position_of, stranger):
    position = position_of("case_worker")
    deliver(
        position=position,
        kind="residence_expiring",
        key="page:1",
        title="Duldung expires soon",
        url="/x/",
        participant=stranger,
    )
    response = client_for("case_worker").get(reverse("inbox:inbox"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Duldung expires soon" in body
    assert "Fremdmann" not in body and "Farid" not in body
    assert "TN-" in body  # the pseudonym stands in


def test_inbox_names_the_participant_the_reader_works_with(client_for, position_of, user_for):
    position = position_of("authority_officer")
    participant = Participant.unrestricted.create(
        family_name="Eigenfall",
        given_names="Emre",
        registered_by=position.organisation,
    )
    deliver(
        position=position,
        kind="other",
        key="page:own",
        title="About someone",
        url="/x/",
        participant=participant,
    )
    body = client_for("authority_officer").get(reverse("inbox:inbox")).content.decode()
    assert "Eigenfall" in body


def test_mark_done_and_reopen(client_for, position_of):
    item = deliver(
        position=position_of("case_worker"), kind="other", key="page:done", title="T", url=""
    )
    client = client_for("case_worker")
    response = client.post(reverse("inbox:item_done", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None
    assert "T" in client.get(reverse("inbox:inbox") + "?done=1").content.decode()
    client.post(reverse("inbox:item_done", args=[item.pk]), {"undo": "1"})
    item.refresh_from_db()
    assert item.done_at is None


def test_someone_elses_item_is_404_and_unchanged(client_for, position_of):
    item = deliver(
        position=position_of("authority_officer"), kind="other", key="page:x", title="T", url=""
    )
    response = client_for("case_worker").post(reverse("inbox:item_done", args=[item.pk]))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.done_at is None


def test_count_in_the_navigation(client_for, position_of):
    client = client_for("ministry_reader")
    assert client.get(reverse("inbox:count")).content == b""
    deliver(position=position_of("ministry_reader"), kind="other", key="c:1", title="T", url="")
    body = client.get(reverse("inbox:count")).content.decode()
    assert ">1<" in body
    page = client.get(reverse("network:directory")).content.decode()
    assert reverse("inbox:count") in page


def _count(client):
    body = client.get(reverse("inbox:count")).content.decode()
    digits = "".join(ch for ch in body.split('<span class="kern-sr-only">')[0] if ch.isdigit())
    return int(digits or 0)


def test_count_includes_referrals_waiting(client_for):
    client = client_for("case_worker")
    before = _count(client)
    authority = Organisation.objects.get(slug="kv-germersheim")
    participant = Participant.unrestricted.create(
        family_name="Wartet", given_names="W", registered_by=authority
    )
    grant_consent(participant, "profes")
    Referral.unrestricted.create(
        participant=participant,
        from_position=authority.positions.first(),
        to_organisation=Organisation.objects.get(slug="profes"),
        reason="x",
    )
    assert _count(client) == before + 1
    body = client.get(reverse("inbox:inbox")).content.decode()
    assert reverse("cases:referral_detail", args=[Referral.unrestricted.latest("pk").pk]) in body


def test_inbox_page_query_count(client_for, position_of, django_assert_max_num_queries):
    position = position_of("case_worker")
    for n in range(15):
        participant = Participant.unrestricted.create(
            family_name=f"Viele{n}", given_names="V", registered_by=position.organisation
        )
        deliver(
            position=position,
            kind="other",
            key=f"q:{n}",
            title=f"Item {n}",
            url="",
            participant=participant,
        )
    client = client_for("case_worker")
    with django_assert_max_num_queries(25):
        response = client.get(reverse("inbox:inbox"))
    assert response.status_code == 200
    assert response.content.decode().count("Item ") >= 15


def test_email_setting(client_for, user_for):
    client = client_for("case_worker")
    assert client.get(reverse("inbox:email_settings")).status_code == 200
    response = client.post(reverse("inbox:email_settings"), {"mode": "daily"})
    assert response.status_code == 302
    assert EmailPreference.objects.get(user=user_for("case_worker")).mode == "daily"


def test_email_setting_refuses_nonsense(client_for, user_for):
    client = client_for("case_worker")
    response = client.post(reverse("inbox:email_settings"), {"mode": "hourly"})
    assert response.status_code == 200
    assert not EmailPreference.objects.filter(user=user_for("case_worker")).exists()


def test_deputy_sees_items_of_a_vacant_position(client_for, position_of):
    deputy = position_of("team_lead")
    vacant = Position.objects.create(
        organisation=deputy.organisation, title="Vakante Beratung", deputy=deputy
    )
    deliver(position=vacant, kind="other", key="dep:1", title="Waiting work", url="")
    body = client_for("team_lead").get(reverse("inbox:inbox")).content.decode()
    assert "Waiting work" in body and "Vakante Beratung" in body
    assert InboxItem.objects.get(key="dep:1").delivered_to == deputy


def test_absurd_ids_are_404(client_for):
    client = client_for("case_worker")
    for pk in ("0", "99999999999999999999999"):
        assert client.post(f"/inbox/items/{pk}/done/").status_code == 404


def test_get_on_mark_done_is_405(client_for, position_of):
    item = deliver(position=position_of("case_worker"), kind="other", key="g:1", title="T", url="")
    assert (
        client_for("case_worker").get(reverse("inbox:item_done", args=[item.pk])).status_code == 405
    )
