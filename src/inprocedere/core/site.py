"""The installation's own address, for links that leave the page: e-mails, calendar entries.

One setting, `INPROCEDERE_SITE_URL` (config/settings.py derives a default from the
allowed hosts); never an address written into the code.
"""

from django.conf import settings


def site_url() -> str:
    return settings.INPROCEDERE_SITE_URL.rstrip("/")


def absolute(url: str) -> str:
    """`url` (a path such as "/cooperation/meetings/3/") as a full address."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_url() + url
