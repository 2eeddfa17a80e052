"""Settings for the test suite: the real ones, with what is outside our control faked."""

import os

os.environ.setdefault("INPROCEDERE_DEMO", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from inprocedere.config.settings import *  # noqa: F403

# Fast hashing keeps the suite quick; argon2 itself is pinned by a test on the real settings.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
HTTPS = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# The address in e-mails and calendar entries, as an operator sets it.
INPROCEDERE_SITE_URL = "http://127.0.0.1:8000"
INPROCEDERE_SITE_URL_SET = True
# Tests serve static files from the apps' folders, not from a collected STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MIDDLEWARE = [
    m
    for m in MIDDLEWARE  # noqa: F405
    if m != "whitenoise.middleware.WhiteNoiseMiddleware"
]

# Uploads made by tests never land in var/media.
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="inprocedere-test-media-")

# Background tasks run at once, in the test's own process and transaction.
HUEY = {**HUEY, "immediate": True}  # noqa: F405
