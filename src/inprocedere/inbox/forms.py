from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EmailPreference


class EmailPreferenceForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("E-mail me about new inbox items"),
        choices=EmailPreference.Mode.choices,
        widget=forms.RadioSelect,
        help_text=_("E-mails name no participant: they say what is waiting and link to the inbox."),
    )
