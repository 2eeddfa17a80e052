"""Settings, read from the environment (see the README's configuration table).

One module for every installation: demo and production differ only by the
variables set, never by code paths chosen elsewhere.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from inprocedere.core.names import country_overrides

BASE_DIR = Path(__file__).resolve().parent.parent  # src/inprocedere
PROJECT_DIR = BASE_DIR.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def envbool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


VAR_DIR = Path(env("INPROCEDERE_VAR_DIR", str(PROJECT_DIR / "var")))

DEMO = envbool("INPROCEDERE_DEMO")
DEBUG = envbool("DEBUG")
DEMO_PASSWORD = "inprocedere-demo"  # noqa: S105 - the documented demo password, refused in production


def _secret_key():
    if env("SECRET_KEY"):
        return env("SECRET_KEY")
    if env("SECRET_KEY_FILE"):
        return Path(env("SECRET_KEY_FILE")).read_text().strip()
    if DEMO or DEBUG:
        # A demo installation keeps one generated key under var/ so sessions survive restarts.
        from django.core.management.utils import get_random_secret_key

        path = VAR_DIR / "secret_key"
        if not path.exists():
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(get_random_secret_key())
            path.chmod(0o600)
        return path.read_text().strip()
    raise ImproperlyConfigured(
        "Set SECRET_KEY or SECRET_KEY_FILE (or INPROCEDERE_DEMO=1 for a demo)."
    )


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "phonenumber_field",
    "django_countries",
    "ninja",
    "inprocedere.core",
    "inprocedere.accounts",
    "inprocedere.network",
    "inprocedere.participants",
    "inprocedere.cases",
    "inprocedere.privacy",
    "inprocedere.cooperation",
    "inprocedere.reporting",
    "inprocedere.imports",
    "inprocedere.rights",
    "inprocedere.duplicates",
    "inprocedere.scale",
    "inprocedere.backup",
    "inprocedere.inbox",
    "inprocedere.api",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "inprocedere.accounts.middleware.SessionLimitsMiddleware",
    "inprocedere.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "inprocedere.core.middleware.NoStoreForSignedInMiddleware",
    "axes.middleware.AxesMiddleware",
    "inprocedere.privacy.access_log.AccessContextMiddleware",
]

ROOT_URLCONF = "inprocedere.config.urls"
WSGI_APPLICATION = "inprocedere.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "inprocedere.core.context_processors.site",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------
_default_sqlite = f"sqlite:///{VAR_DIR / 'inprocedere.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(env("DATABASE_URL") or _default_sqlite, conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the writer work side by side; FULL survives a power cut;
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait instead of
    # failing half-way with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": None}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off for analytical queries that run for seconds, not
    # for pages; at 100,000 people it spent 6.6 of a list's 8 s compiling (issue 11).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "inprocedere.accounts.backends.PasswordBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "inprocedere.accounts.validators.DemoPasswordRefusedValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The second factor is required for every account unless this is a demo installation.
OTP_REQUIRED = envbool("INPROCEDERE_OTP_REQUIRED", not DEMO)
OTP_TOTP_ISSUER = "InProcedere"

# Idle and absolute session limits (seconds).
SESSION_IDLE_TIMEOUT = envint("INPROCEDERE_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = envint("INPROCEDERE_SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_FAILURE_LIMIT = envint("INPROCEDERE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = envint("INPROCEDERE_PROXY_COUNT", 0) or None

# --- security -------------------------------------------------------------------------
HTTPS = envbool("INPROCEDERE_HTTPS", not (DEMO or DEBUG))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("INPROCEDERE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("INPROCEDERE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if envbool("INPROCEDERE_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- i18n -----------------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# Country names from the CLDR in the reader's language (core/names.py).
COUNTRIES_OVERRIDE = country_overrides()
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "DE"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

# --- static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- e-mail ---------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "InProcedere <no-reply@inprocedere.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- InProcedere ----------------------------------------------------------------------
API_TOKEN_DEFAULT_DAYS = envint("INPROCEDERE_API_TOKEN_DAYS", 90)
INPROCEDERE_REFERRAL_OVERDUE_DAYS = envint("INPROCEDERE_REFERRAL_OVERDUE_DAYS", 14)
# The address people reach this installation at: links in e-mails and calendar files.
# The address in e-mails and calendar entries. Unset, it is the first allowed host (over
# HTTPS, or plain HTTP on `PORT` in demo mode); `check --deploy` warns that it is unset.
INPROCEDERE_SITE_URL_SET = bool(env("INPROCEDERE_SITE_URL"))
INPROCEDERE_SITE_URL = env("INPROCEDERE_SITE_URL") or (
    f"https://{ALLOWED_HOSTS[0] if ALLOWED_HOSTS else 'localhost'}"
    if HTTPS
    else f"http://{ALLOWED_HOSTS[0] if ALLOWED_HOSTS else '127.0.0.1'}:{env('PORT') or 8000}"
)
INPROCEDERE_UPLOAD_MAX_BYTES = envint("INPROCEDERE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
INPROCEDERE_ESF_MIN_HOURS = envint("INPROCEDERE_ESF_MIN_HOURS", 8)  # counselling hours to count
INPROCEDERE_SUPPRESS_BELOW = envint("INPROCEDERE_SUPPRESS_BELOW", 5)  # disclosure control
# Downloads of more rows than this are written in the background (reporting/jobs.py), kept
# for INPROCEDERE_EXPORT_KEEP_HOURS in INPROCEDERE_EXPORT_DIR, fetched by the asker alone.
INPROCEDERE_EXPORT_BACKGROUND_ROWS = envint("INPROCEDERE_EXPORT_BACKGROUND_ROWS", 5000)
INPROCEDERE_EXPORT_KEEP_HOURS = envint("INPROCEDERE_EXPORT_KEEP_HOURS", 24)
INPROCEDERE_EXPORT_DIR = Path(env("INPROCEDERE_EXPORT_DIR", str(VAR_DIR / "exports")))
CSRF_FAILURE_VIEW = "inprocedere.core.views.csrf_failure"

# --- background work and reminders (docs/inbox-and-reminders.md, docs/operations.md) ---
# Huey keeps its queue in a SQLite file under var/ unless REDIS_URL names a Redis.
REDIS_URL = env("REDIS_URL", "")
HUEY = {
    "name": env("INPROCEDERE_HUEY_NAME", "inprocedere"),
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "connection": {"url": REDIS_URL} if REDIS_URL else {"filename": str(VAR_DIR / "huey.sqlite3")},
    "immediate": envbool("INPROCEDERE_HUEY_IMMEDIATE", False),
    "results": True,
    "utc": False,  # crontab hours are local time (TIME_ZONE)
    "consumer": {"workers": envint("INPROCEDERE_HUEY_WORKERS", 2), "worker_type": "thread"},
}
INPROCEDERE_TASK_RETRIES = envint("INPROCEDERE_TASK_RETRIES", 5)
INPROCEDERE_TASK_RETRY_DELAY = envint("INPROCEDERE_TASK_RETRY_DELAY", 300)  # seconds
# Reminder lead times (days before the date) and waiting times (days after it).
INPROCEDERE_RESIDENCE_REMINDER_DAYS = [
    int(days) for days in envlist("INPROCEDERE_RESIDENCE_REMINDER_DAYS", "90,30")
]
INPROCEDERE_BRIDGE_REMINDER_DAYS = envint("INPROCEDERE_BRIDGE_REMINDER_DAYS", 90)
INPROCEDERE_MEASURE_REMINDER_DAYS = envint("INPROCEDERE_MEASURE_REMINDER_DAYS", 14)
INPROCEDERE_NO_CONTACT_DAYS = envint("INPROCEDERE_NO_CONTACT_DAYS", 30)
INPROCEDERE_FOLLOW_UP_REMINDER_DAYS = envint("INPROCEDERE_FOLLOW_UP_REMINDER_DAYS", 7)
# Hours (crontab syntax, local time) in which the reminders are computed, at minute 7:
# each run files only what is new, so a server that was down catches up on the next.
INPROCEDERE_REMINDER_HOURS = env("INPROCEDERE_REMINDER_HOURS", "6-20")
INPROCEDERE_DIGEST_HOUR = envint("INPROCEDERE_DIGEST_HOUR", 7)
INPROCEDERE_EMAIL_DEFAULT = env("INPROCEDERE_EMAIL_DEFAULT", "immediate")

# Data subject's rights (docs/data-subject-rights.md): how long a step-up holds, and the
# retention defaults for funding periods without a rule of their own (LAW.md §5 [check]).
INPROCEDERE_STEP_UP_SECONDS = envint("INPROCEDERE_STEP_UP_SECONDS", 5 * 60)
INPROCEDERE_RETENTION_UNFUNDED_YEARS = envint("INPROCEDERE_RETENTION_UNFUNDED_YEARS", 3)
# Months of access log kept (whole months, counted back from the current one); older
# monthly partitions are dropped by `inprocedere access_log_partitions` (docs/operations.md).
INPROCEDERE_ACCESS_LOG_MONTHS = envint("INPROCEDERE_ACCESS_LOG_MONTHS", 24)
import json  # noqa: E402

INPROCEDERE_RETENTION_DEFAULTS = json.loads(
    env("INPROCEDERE_RETENTION_DEFAULTS", "")
    or """[
  {"from": "2007-01-01", "years": 3, "starts_from": "closure",
   "source": "ESF 2007-2013: three years after programme closure"},
  {"from": "2014-01-01", "years": 3, "starts_from": "last_payment",
   "source": "ESF 2014-2020: two/three years from 31 December after the accounts"},
  {"from": "2021-01-01", "years": 5, "starts_from": "last_payment",
   "source": "ESF+ 2021-2027: five years from 31 December of the year of the last payment"}
]"""
)
