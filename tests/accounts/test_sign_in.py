"""Sign-in, lock-out, second factor, session limits, and their audit trail."""

import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from inprocedere.accounts import sessions
from inprocedere.accounts.validators import DemoPasswordRefusedValidator
from inprocedere.core.models import AuditEntry

PASSWORD = "a-long-and-unusual-passphrase-42"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    """Most tests here are about the password step; TestSecondFactor turns it back on."""
    settings.OTP_REQUIRED = False


@pytest.fixture
def member(user_for):
    user = user_for("case_worker")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, username, password, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_sign_in_with_username_and_password_is_audited(client, member):
    response = sign_in(client, "caseworker", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    entry = AuditEntry.objects.filter(action="auth.login.succeeded").first()
    assert entry.actor == member
    assert entry.ip_address == "127.0.0.1"


def test_wrong_password_is_refused_with_a_translated_message_and_audited(client, member):
    response = sign_in(client, "caseworker", "wrong", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Username or password is wrong" in response.content.decode()
    entry = AuditEntry.objects.filter(action="auth.login.failed").first()
    assert entry.actor is None
    assert entry.detail == {"username": "caseworker"}
    assert "_auth_user_id" not in client.session


def test_german_is_the_default_language(client):
    response = client.get("/accounts/login/")
    assert response.headers["Content-Language"] == "de"
    assert '<html lang="de"' in response.content.decode()


def test_repeated_failures_lock_the_account_out(client, member):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, "caseworker", "wrong")
    response = sign_in(client, "caseworker", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_post_only_and_audited(client, member):
    sign_in(client, "caseworker", PASSWORD)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="auth.logout", actor=member).exists()


def test_open_redirect_after_sign_in_is_refused(client, member):
    response = client.post(
        "/accounts/login/",
        {"username": "caseworker", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_forged_csrf_is_refused_with_a_clear_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/",
        {"username": "caseworker", "password": "x"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
    assert not AuditEntry.objects.filter(action="auth.login.failed").exists()


class TestSecondFactor:
    @pytest.fixture(autouse=True)
    def required(self, settings):
        settings.OTP_REQUIRED = True

    def test_without_a_device_the_user_must_enrol_first(self, client, member):
        sign_in(client, "caseworker", PASSWORD)
        response = client.get("/directory/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/otp/setup/")

    def test_enrolment_confirms_the_device_and_unlocks_the_pages(self, client, member):
        sign_in(client, "caseworker", PASSWORD)
        page = client.get("/accounts/otp/setup/")
        assert page.status_code == 200
        assert b"data:image/svg+xml;base64," in page.content
        device = TOTPDevice.objects.get(user=member)
        assert not device.confirmed

        wrong = client.post("/accounts/otp/setup/", {"token": "000000"})
        assert wrong.status_code == 200
        device.refresh_from_db()
        assert not device.confirmed
        device.throttle_reset()  # a failed try makes the next one wait a second

        code = f"{totp(device.bin_key):06d}"
        response = client.post("/accounts/otp/setup/", {"token": code, "next": "/directory/"})
        assert response.status_code == 302
        assert response["Location"] == "/directory/"
        device.refresh_from_db()
        assert device.confirmed
        assert AuditEntry.objects.filter(action="auth.otp.enrolled", actor=member).exists()
        assert client.get("/accounts/tokens/").status_code == 200

    def test_an_enrolled_user_confirms_each_sign_in(self, client, member):
        device = TOTPDevice.objects.create(user=member, name="app", confirmed=True)
        sign_in(client, "caseworker", PASSWORD)
        response = client.get("/accounts/tokens/")
        assert response["Location"].startswith("/accounts/otp/verify/")
        bad = client.post("/accounts/otp/verify/", {"token": "12ab56"})
        assert bad.status_code == 200
        assert AuditEntry.objects.filter(action="auth.otp.failed").count() == 0  # form error
        client.post("/accounts/otp/verify/", {"token": "000001"})
        assert AuditEntry.objects.filter(action="auth.otp.failed").count() == 1
        device.refresh_from_db()
        device.throttle_reset()
        code = f"{totp(device.bin_key):06d}"
        assert client.post("/accounts/otp/verify/", {"token": code}).status_code == 302
        assert client.get("/accounts/tokens/").status_code == 200

    def test_the_demo_does_not_require_it(self, client, member, settings):
        settings.OTP_REQUIRED = False
        sign_in(client, "caseworker", PASSWORD)
        assert client.get("/accounts/tokens/").status_code == 200


class TestSessionLimits:
    def test_idle_session_ends_after_thirty_minutes(self, client, member, settings):
        sign_in(client, "caseworker", PASSWORD)
        session = client.session
        session[sessions.SEEN_AT] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 1
        session.save()
        response = client.get("/accounts/tokens/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert "_auth_user_id" not in client.session
        entry = AuditEntry.objects.filter(action="auth.logout").first()
        assert entry.detail == {"reason": "expired:idle"}

    def test_absolute_limit_ends_an_active_session_after_ten_hours(self, client, member, settings):
        sign_in(client, "caseworker", PASSWORD)
        session = client.session
        session[sessions.AUTH_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT - 1
        session.save()
        response = client.get("/accounts/tokens/")
        assert response.status_code == 302
        assert AuditEntry.objects.filter(action="auth.logout").first().detail == {
            "reason": "expired:absolute"
        }

    def test_activity_keeps_the_session_alive(self, client, member, settings, monkeypatch):
        sign_in(client, "caseworker", PASSWORD)
        started = int(time.time())
        session = client.session
        # The last request was 28 minutes ago: this one still counts, and is remembered.
        session[sessions.SEEN_AT] = started - settings.SESSION_IDLE_TIMEOUT + 120
        session.save()
        assert client.get("/accounts/tokens/").status_code == 200
        assert client.session[sessions.SEEN_AT] >= started
        # Five minutes on: 33 minutes after the earlier request, 5 after the last one.
        monkeypatch.setattr(time, "time", lambda: started + 300)
        assert client.get("/accounts/tokens/").status_code == 200
        assert "_auth_user_id" in client.session

    def test_the_limits_are_thirty_minutes_and_ten_hours(self):
        assert django_settings.SESSION_IDLE_TIMEOUT == 30 * 60
        assert django_settings.SESSION_ABSOLUTE_TIMEOUT == 10 * 60 * 60


class TestPasswords:
    def test_short_and_common_passwords_are_refused(self, member):
        from django.contrib.auth.password_validation import validate_password

        with pytest.raises(ValidationError):
            validate_password("short-pw1", member)
        with pytest.raises(ValidationError):
            validate_password("password1234", member)
        validate_password(PASSWORD, member)

    def test_production_refuses_the_demo_password(self, settings):
        settings.DEMO = False
        with pytest.raises(ValidationError):
            DemoPasswordRefusedValidator().validate(django_settings.DEMO_PASSWORD)
        settings.DEMO = True
        DemoPasswordRefusedValidator().validate(django_settings.DEMO_PASSWORD)

    def test_password_change_is_audited(self, client, member):
        sign_in(client, "caseworker", PASSWORD)
        response = client.post(
            "/accounts/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "another-long-passphrase-77",
                "new_password2": "another-long-passphrase-77",
            },
        )
        assert response.status_code == 302
        assert AuditEntry.objects.filter(action="auth.password.changed").exists()


def test_real_settings_hash_passwords_with_argon2():
    from inprocedere.config import settings as real

    assert real.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert get_user_model().__name__ == "User"
