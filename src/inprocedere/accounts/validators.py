from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class DemoPasswordRefusedValidator:
    """Outside demo mode nobody may use the published demo password."""

    def validate(self, password, user=None):
        if not settings.DEMO and password == settings.DEMO_PASSWORD:
            raise ValidationError(
                _("This password is published as the demo password and cannot be used."),
                code="demo_password",
            )

    def get_help_text(self):
        return _("Your password cannot be the published demo password.")
