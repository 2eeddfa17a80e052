"""Deployment checks: production refuses demo settings, DEBUG and a missing second factor."""

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _


@checks.register(checks.Tags.security, deploy=True)
def production_settings(app_configs, **kwargs):
    if settings.DEMO:
        return [
            checks.Warning(
                _("INPROCEDERE_DEMO is on: demo accounts and their shared password are allowed."),
                id="inprocedere.W001",
            )
        ]
    errors = []
    if settings.DEBUG:
        errors.append(checks.Error(_("DEBUG must be off in production."), id="inprocedere.E001"))
    if not settings.OTP_REQUIRED:
        errors.append(
            checks.Error(
                _("The second factor must be required in production."), id="inprocedere.E002"
            )
        )
    if not settings.INPROCEDERE_SITE_URL_SET:
        errors.append(
            checks.Warning(
                _(
                    "INPROCEDERE_SITE_URL is not set: links in e-mails and calendar entries "
                    "point to %(url)s."
                )
                % {"url": settings.INPROCEDERE_SITE_URL},
                id="inprocedere.W002",
            )
        )
    return errors
