from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from inprocedere.privacy.categories import Category
from inprocedere.privacy.models import AccessLogEntry

from .selectors import LogFilter


class FinderForm(forms.Form):
    q = forms.CharField(
        label=_("Participant number, identifier or name"),
        max_length=200,
        required=False,
        help_text=_("e.g. 1234, a job-centre customer number, or a family name"),
    )


class AccessLogFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    user = forms.CharField(label=_("User"), max_length=150, required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("all")), *AccessLogEntry.Action.choices],
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the range lies before its start."))
        return data

    def filters(self) -> LogFilter:
        if not self.is_bound or not self.is_valid():
            return LogFilter()
        return LogFilter(
            **{key: self.cleaned_data.get(key) or None for key in ("date_from", "date_to")},
            user=self.cleaned_data.get("user") or "",
            action=self.cleaned_data.get("action") or "",
        )


class SubjectAccessForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the PDF"), choices=settings.LANGUAGES)


class ErasureForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Data categories to erase"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(Category.values),
        error_messages={"required": _("Choose at least one data category.")},
    )
