import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite pragmas")
def test_sqlite_runs_in_wal_mode_with_full_sync():
    from django.conf import settings

    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=FULL" in options["init_command"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL


def test_settings_read_the_environment(monkeypatch, tmp_path):
    import importlib

    from inprocedere.config import settings as module

    key_file = tmp_path / "key"
    key_file.write_text("from-a-file\n")
    monkeypatch.setenv("SECRET_KEY", "")
    monkeypatch.setenv("SECRET_KEY_FILE", str(key_file))
    monkeypatch.setenv("DATABASE_URL", "postgres://app:pw@db.example:5433/inprocedere")
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example, b.example")
    monkeypatch.setenv("INPROCEDERE_DEMO", "0")
    monkeypatch.setenv("EMAIL_HOST", "smtp.example")
    try:
        reloaded = importlib.reload(module)
        assert reloaded.SECRET_KEY == "from-a-file"
        assert reloaded.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        assert reloaded.DATABASES["default"]["PORT"] == 5433
        assert reloaded.ALLOWED_HOSTS == ["a.example", "b.example"]
        assert reloaded.OTP_REQUIRED is True
        assert reloaded.SESSION_COOKIE_SECURE is True
        assert reloaded.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
        # Links in e-mails and calendar entries: the first allowed host, over HTTPS.
        assert reloaded.INPROCEDERE_SITE_URL == "https://a.example"
        assert reloaded.INPROCEDERE_SITE_URL_SET is False
        monkeypatch.setenv("INPROCEDERE_SITE_URL", "https://inprocedere.example.org")
        assert importlib.reload(module).INPROCEDERE_SITE_URL == "https://inprocedere.example.org"
    finally:
        monkeypatch.undo()
        importlib.reload(module)


def test_production_without_a_secret_key_refuses_to_start(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    from inprocedere.config import settings as module

    for name in ("SECRET_KEY", "SECRET_KEY_FILE", "DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INPROCEDERE_DEMO", "0")
    try:
        with pytest.raises(ImproperlyConfigured):
            importlib.reload(module)
    finally:
        monkeypatch.undo()
        importlib.reload(module)


@pytest.mark.django_db
def test_deploy_check_is_clean_with_production_settings(settings, monkeypatch):
    # The browser tests allow the ORM inside Playwright's event loop; production does not.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEMO = False
    settings.DEBUG = False
    settings.OTP_REQUIRED = True
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECRET_KEY = "a" * 20 + "production-grade-random-secret-key-value-0123456789"
    call_command("remove-demo")  # the test database is seeded with the demo accounts
    call_command("check", "--deploy", "--fail-level", "WARNING")


@pytest.mark.django_db
def test_deploy_check_warns_when_the_site_url_is_not_set(settings, monkeypatch):
    from django.core.management.base import SystemCheckError

    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEMO = False
    settings.INPROCEDERE_SITE_URL_SET = False
    with pytest.raises(SystemCheckError, match="INPROCEDERE_SITE_URL"):
        call_command("check", "--deploy", "--fail-level", "WARNING")


def test_deploy_check_flags_demo_mode(settings):
    from django.core.management.base import SystemCheckError

    settings.DEMO = True
    with pytest.raises(SystemCheckError):
        call_command("check", "--deploy", "--fail-level", "WARNING")
