from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .backends import is_refused_demo_password
from .services import MAX_TOKEN_DAYS


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Username or password is wrong. Please try again."),
        "inactive": _("This account is deactivated."),
        "demo_password": _(
            "The published demo password does not work on this installation. "
            "Ask your administrator for your own password."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            # Refused by the backend whatever the account; say why, so nobody keeps trying.
            if error.code == "invalid_login" and is_refused_demo_password(
                self.cleaned_data.get("password")
            ):
                raise forms.ValidationError(
                    self.error_messages["demo_password"], code="demo_password"
                ) from None
            raise


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("The code consists of digits only."))
        return token


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for."))
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_TOKEN_DAYS, initial=90
    )
