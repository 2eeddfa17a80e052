"""Forms of the consent pages: they validate input and hand clean values to the services.

They never save: every write goes through `privacy.services`, which also applies the
rules (no consent without recipients and categories, …), so the API gets the same ones.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inprocedere.core.forms import SafeModelMultipleChoiceField
from inprocedere.network.forms import EditForm, FilterForm
from inprocedere.network.models import Organisation

from .categories import Category
from .consent_forms import DEFAULT_LANGUAGE, FORM_VERSION, language_choices
from .models import Consent, Purpose
from .services import FORM_VERSION_MAX, upload_max_bytes


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"})


def _recipients_field():
    return SafeModelMultipleChoiceField(
        label=_("Recipient organisations"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=_checkboxes(),
        help_text=_("Who may receive the data. Not needed for an ESF monitoring consent alone."),
    )


def _categories_field():
    return forms.MultipleChoiceField(
        label=_("Data categories"),
        choices=Category.choices,
        required=False,
        widget=_checkboxes(),
        help_text=_(
            "Health and disability (special category) only with a consent in writing or "
            "electronically."
        ),
    )


def _purposes_field():
    return forms.MultipleChoiceField(
        label=_("Purposes"), choices=Purpose.choices, required=False, widget=_checkboxes()
    )


class ConsentForm(EditForm, forms.Form):
    """Record a signed consent, with its scan."""

    recipients = _recipients_field()
    categories = _categories_field()
    purposes = _purposes_field()
    form = forms.ChoiceField(
        label=_("Form of consent"),
        choices=Consent.Form.choices,
        initial=Consent.Form.WRITTEN,
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
    )
    form_version = forms.CharField(
        label=_("Form version"), required=False, max_length=FORM_VERSION_MAX, initial=FORM_VERSION
    )
    language = forms.ChoiceField(label=_("Language of the form"), initial=DEFAULT_LANGUAGE)
    signed_on = forms.DateField(label=_("Signed on"), widget=_date_widget())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=_date_widget())
    scan = forms.FileField(
        label=_("Signed scan"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    fieldsets = (
        (_("What the person consented to"), ("recipients", "categories", "purposes")),
        (_("The signed form"), ("form", "form_version", "language", "signed_on", "valid_until")),
        (_("Scan"), ("scan",)),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["signed_on"].initial = timezone.localdate
        limit = upload_max_bytes() / (1024 * 1024)
        self.fields["scan"].help_text = _(
            "PDF, JPEG or PNG, at most %(limit)s MB. Stored on the server; only people who "
            "work with the participant can download it."
        ) % {"limit": f"{limit:g}"}

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "recipients": list(data["recipients"]),
            "categories": data["categories"],
            "purposes": data["purposes"],
            "form": data["form"],
            "form_version": data["form_version"],
            "language": data["language"],
            "signed_on": data["signed_on"],
            "valid_until": data["valid_until"],
            "scan": data["scan"] or None,
        }


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Withdrawn on"),
        widget=_date_widget(),
        help_text=_("The day the person withdrew the consent; it ends on that day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate

    def add_service_error(self, error) -> None:
        EditForm.add_service_error(self, error)

    def service_data(self) -> dict:
        return {"withdrawn_on": self.cleaned_data["withdrawn_on"]}


class FormChoiceForm(EditForm, FilterForm):
    """What the printed consent form names (read from the query string)."""

    language = forms.ChoiceField(label=_("Language of the form"), required=False)
    recipients = _recipients_field()
    categories = _categories_field()
    purposes = _purposes_field()
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=_date_widget())

    fieldsets = (
        (_("The form"), ("language", "valid_until", "recipients", "categories", "purposes")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["recipients"].to_field_name = "slug"
        self.fields["recipients"].help_text = _(
            "Who may receive the data. Without a choice the form has lines to fill in."
        )

    def choices(self) -> dict:
        data = self.cleaned_data
        return {
            "language": data["language"] or DEFAULT_LANGUAGE,
            "recipients": list(data["recipients"]),
            "categories": data["categories"],
            "purposes": data["purposes"],
            "valid_until": data["valid_until"],
        }
