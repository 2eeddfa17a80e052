import pytest


@pytest.mark.django_db
def test_login_page_renders_in_german_by_default(client):
    # No Accept-Language header: the installation's language, German, answers.
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="de"' in content
    assert "Anmelden" in content
    assert "Sign in" not in content


@pytest.mark.django_db
def test_anonymous_start_page_redirects_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
