import pytest

from inprocedere.accounts.models import ApiToken, hash_token
from inprocedere.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_create_a_token_shows_it_once_and_stores_only_its_hash(client_for, user_for):
    client = client_for("case_worker")
    response = client.post("/accounts/tokens/", {"name": "Auswertung", "days": 30})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw.startswith("ipd_")
    token = ApiToken.objects.get(user=user_for("case_worker"), name="Auswertung")
    assert token.token_hash == hash_token(raw)
    assert not ApiToken.objects.filter(token_hash=raw).exists()
    assert raw not in str(AuditEntry.objects.filter(action="account.token.created").first().detail)
    again = client.get("/accounts/tokens/")
    assert raw not in again.content.decode()
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "days": 30},
        {"name": "x" * 101, "days": 30},
        {"name": "a", "days": 0},
        {"name": "a", "days": 9999},
        {"name": "a", "days": "viele"},
    ],
)
def test_bad_input_is_a_form_error_and_creates_nothing(client_for, data):
    client = client_for("case_worker")
    before = ApiToken.objects.count()
    response = client.post("/accounts/tokens/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["new_token"] is None
    assert ApiToken.objects.count() == before


def test_revoke_own_token_only(client_for, user_for):
    from inprocedere.accounts.services import token_create

    mine, raw = token_create(actor=user_for("case_worker"), user=user_for("case_worker"), name="a")
    theirs, _ = token_create(actor=user_for("team_lead"), user=user_for("team_lead"), name="b")
    client = client_for("case_worker")
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    # Revoking twice is refused with a message, not a crash.
    response = client.post(f"/accounts/tokens/{mine.pk}/revoke/", follow=True)
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="account.token.revoked").count() == 1
