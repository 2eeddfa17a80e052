"""The installation's own address, for links that leave the page: e-mails, calendar entries.

One setting, `INPROCEDERE_SITE_URL` (config/settings.py derives a default from the
allowed hosts); never an address written into the code.
"""

from django.conf import settings


def site_url() -> str:
    return settings.INPROCEDERE_SITE_URL.rstrip("/")


def request_base(request) -> str | None:
    """The address the reader used (scheme and host, checked against ALLOWED_HOSTS), for
    a file downloaded in the browser while no `INPROCEDERE_SITE_URL` is configured: the
    derived default (127.0.0.1:8000) would point elsewhere than the site."""
    if request is None or settings.INPROCEDERE_SITE_URL_SET:
        return None
    return request.build_absolute_uri("/").rstrip("/")


def absolute(url: str, base: str | None = None) -> str:
    """`url` (a path such as "/cooperation/meetings/3/") as a full address, at `base`
    (from `request_base`) or else at the installation's address."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return (base or site_url()) + url
