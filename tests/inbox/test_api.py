"""The inbox API: list the caller's items, read one, mark done, reopen; 404 for others'."""

import pytest

from inprocedere.inbox.services import deliver
from inprocedere.network.models import Organisation, Position
from inprocedere.participants.models import Participant
from tests.api.conftest import ApiClient
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(position_of):
    return deliver(
        position=position_of("case_worker"), kind="other", key="api:1", title="API item", url="/x/"
    )


def test_list_and_mark_done(item, token_for):
    client = ApiClient(token_for("case_worker"))
    body = client.get("/api/v1/inbox/items").json()
    assert [row["title"] for row in body["items"]] == ["API item"]
    row = body["items"][0]
    assert row["as_deputy"] is False and row["personal"] is False
    assert row["position"]["id"] == item.position_id
    done = client.post(f"/api/v1/inbox/items/{item.pk}/done")
    assert done.status_code == 200 and done.json()["done_at"]
    assert client.get("/api/v1/inbox/items").json()["count"] == 0
    assert client.get("/api/v1/inbox/items?state=done").json()["count"] == 1
    again = client.post(f"/api/v1/inbox/items/{item.pk}/reopen")
    assert again.status_code == 200 and again.json()["done_at"] is None


def test_list_query_count(position_of, token_for, django_assert_max_num_queries):
    position = position_of("case_worker")
    for n in range(30):
        participant = Participant.unrestricted.create(
            family_name=f"Liste{n}", given_names="L", registered_by=position.organisation
        )
        deliver(
            position=position,
            kind="other",
            key=f"api:q:{n}",
            title=f"T{n}",
            url="",
            participant=participant,
        )
    client = ApiClient(token_for("case_worker"))
    with django_assert_max_num_queries(20):
        body = client.get("/api/v1/inbox/items?page_size=50").json()
    assert body["count"] == 30 and len(body["items"]) == 30
    assert body["items"][0]["participant"]["name"].startswith("L ")


def test_bad_filter_is_422(token_for):
    client = ApiClient(token_for("case_worker"))
    assert client.get("/api/v1/inbox/items?state=sometimes").status_code == 422


def test_participant_is_pseudonymous_outside_reach(position_of, token_for):
    stranger = Participant.unrestricted.create(
        family_name="Apifremd",
        given_names="Anna",
        registered_by=Organisation.objects.get(slug="jc-landau"),
    )
    deliver(
        position=position_of("case_worker"),
        kind="other",
        key="api:p",
        title="T",
        url="",
        participant=stranger,
    )
    row = ApiClient(token_for("case_worker")).get("/api/v1/inbox/items").json()["items"][0]
    assert "Apifremd" not in row["participant"]["name"]
    assert row["participant"]["name"].startswith("TN-") or "TN-" in row["participant"]["name"]


def test_deputy_flag(position_of, token_for):
    deputy = position_of("team_lead")
    vacant = Position.objects.create(organisation=deputy.organisation, title="V", deputy=deputy)
    deliver(position=vacant, kind="other", key="api:dep", title="T", url="")
    row = ApiClient(token_for("team_lead")).get("/api/v1/inbox/items").json()["items"][0]
    assert row["as_deputy"] is True


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_each_persona_on_each_route(persona, item, token_for):
    """Only the case worker (whose position holds the item) reaches it; the list answers
    everyone with their own inbox."""
    client = ApiClient(token_for(persona))
    own = persona == "case_worker"
    listed = client.get("/api/v1/inbox/items")
    assert listed.status_code == 200
    assert (listed.json()["count"] == 1) is own
    for method, path in (
        ("get", f"/api/v1/inbox/items/{item.pk}"),
        ("post", f"/api/v1/inbox/items/{item.pk}/done"),
        ("post", f"/api/v1/inbox/items/{item.pk}/reopen"),
    ):
        response = getattr(client, method)(path)
        assert response.status_code == (200 if own else 404), (method, path)
    item.refresh_from_db()
    assert item.done_at is None


def test_anonymous_is_401(item):
    assert ApiClient().get("/api/v1/inbox/items").status_code == 401
    assert ApiClient().post(f"/api/v1/inbox/items/{item.pk}/done").status_code == 401


def test_every_inbox_route_is_covered():
    from inprocedere.api.routers.inbox import router

    operations = {
        (method.lower(), path)
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
    assert operations == {
        ("get", "/inbox/items"),
        ("get", "/inbox/items/{id}"),
        ("post", "/inbox/items/{id}/done"),
        ("post", "/inbox/items/{id}/reopen"),
    }
