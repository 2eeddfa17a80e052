import pytest


@pytest.mark.django_db
def test_login_page_renders_in_german_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Anmelden" in response.content.decode() or "Sign in" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_start_page_redirects_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
