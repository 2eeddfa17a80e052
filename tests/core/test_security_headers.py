import pytest

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_not_cached_and_carry_a_strict_csp(client_for):
    response = client_for("case_worker").get("/directory/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_production_cookies_are_secure_httponly_and_samesite(client, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"


def test_session_cookie_flags(client, user_for, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.OTP_REQUIRED = False
    user = user_for("case_worker")
    user.set_password("a-long-and-unusual-passphrase-42")
    user.save()
    response = client.post(
        "/accounts/login/",
        {"username": "caseworker", "password": "a-long-and-unusual-passphrase-42"},
        secure=True,
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"]
