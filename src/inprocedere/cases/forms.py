"""Forms of case work: they validate input and hand clean values to the services.

They never save: every write goes through `cases.services`.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inprocedere.network.forms import EditForm, VersionField
from inprocedere.network.models import FundingPeriod, Organisation, Position, SubProject

from .choosers import offer_receivers, scope
from .models import (
    Case,
    EmploymentStatus,
    Measure,
    Urgency,
)

TEXT = 4000


def _date(**kwargs):
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _text(label, *, required=True, max_length=TEXT, rows=4, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


# ISCED 2011 levels by name: "ISCED 3 – Upper secondary education".
ISCED_NAMES = (
    _("Early childhood education"),
    _("Primary education"),
    _("Lower secondary education"),
    _("Upper secondary education"),
    _("Post-secondary non-tertiary education"),
    _("Short-cycle tertiary education"),
    _("Bachelor's or equivalent level"),
    _("Master's or equivalent level"),
    _("Doctoral or equivalent level"),
)


class IscedLabel:
    """A lazy "ISCED 3 – Sekundarbereich II" in the active language."""

    def __init__(self, level: int):
        self.level = level

    def __str__(self):
        return f"ISCED {self.level} – {ISCED_NAMES[self.level]}"


def isced_field(label, **kwargs):
    """ISCED levels 0–8 as a picker with names (stored as the number)."""
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Not stated")), *((n, IscedLabel(n)) for n in range(9))],
        **kwargs,
    )


def _choices(items, empty=None):
    return [("", empty or _("Please choose")), *items]


def _positions(queryset):
    return (
        queryset.filter(is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )


class SubProjectField(forms.ModelChoiceField):
    """Sub-projects named with their region and funding period: one carrier has a
    "ProfeS Germersheim" in every period, and only the case's period fits."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("Not stated"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.region.name} ({obj.funding_period.name})"


def _subprojects(organisation):
    return (
        SubProject.objects.filter(organisation=organisation)
        .select_related("region", "funding_period")
        .order_by("-funding_period__starts_on", "name")
    )


def _current_period():
    today = timezone.localdate()
    return FundingPeriod.objects.filter(starts_on__lte=today, ends_on__gte=today).first()


class Form(EditForm, forms.Form):
    def service_data(self) -> dict:
        return dict(self.cleaned_data)


# --- referrals ------------------------------------------------------------------------


class ReferralForm(Form):
    from_position = forms.ModelChoiceField(label=_("Sent by"), queryset=Position.objects.none())
    to_organisation = forms.ModelChoiceField(
        label=_("To organisation"), queryset=Organisation.objects.none()
    )
    to_position = forms.ModelChoiceField(
        label=_("To position"),
        required=False,
        queryset=Position.objects.none(),
        help_text=_("Optional: the position you want to reach at that organisation."),
    )
    reason = _text(_("Reason"), help_text=_("Why you refer the person, in a few sentences."))
    goals = _text(_("Goals"), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)

    def __init__(self, *args, own_positions, **kwargs):
        super().__init__(*args, **kwargs)
        own = [p.pk for p in own_positions]
        self.fields["from_position"].queryset = _positions(Position.objects.filter(pk__in=own))
        self.fields["from_position"].empty_label = None
        offer_receivers(
            self,
            scope("referral", own_positions=own_positions),
            "referral",
        )

    def clean(self):
        data = super().clean()
        org, position = data.get("to_organisation"), data.get("to_position")
        if org and position and position.organisation_id != org.pk:
            self.add_error("to_position", _("This position belongs to another organisation."))
        return data


class AcceptForm(Form):
    first_appointment = forms.DateTimeField(
        label=_("First appointment"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    note = _text(_("Note to the referrer"), required=False, rows=3)


class DeclineForm(Form):
    reason = _text(_("Reason"), rows=3, help_text=_("The referrer sees this as feedback."))


class WithdrawForm(Form):
    reason = _text(_("Reason"), required=False, rows=3)


class IntakeForm(Form):
    owner_position = forms.ModelChoiceField(
        label=_("Responsible position"),
        queryset=Position.objects.none(),
        help_text=_("The case belongs to a position, not a person: it stays when staff change."),
    )
    esf_entry_date = _date(label=_("ESF entry date"), required=False)
    funding_period = forms.ModelChoiceField(
        label=_("Funding period"), required=False, queryset=FundingPeriod.objects.none()
    )
    subproject = SubProjectField(
        label=_("Sub-project"),
        required=False,
        queryset=SubProject.objects.none(),
        help_text=_("A sub-project of the case's funding period."),
    )
    employment_status_at_entry = forms.ChoiceField(
        label=_("Employment status at entry"),
        required=False,
        choices=_choices(EmploymentStatus.choices, _("Not recorded")),
    )
    isced_at_entry = isced_field(_("ISCED level at entry"))
    homeless = forms.BooleanField(
        label=_("Homeless or affected by housing exclusion"), required=False
    )
    rural = forms.BooleanField(label=_("Lives in a rural area"), required=False)
    note = _text(_("Note"), required=False, rows=3)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_position"].queryset = _positions(organisation.positions.all())
        self.fields["funding_period"].queryset = FundingPeriod.objects.order_by("-starts_on")
        self.fields["subproject"].queryset = _subprojects(organisation)
        if not self.is_bound:
            self.initial.setdefault("esf_entry_date", timezone.localdate())
            self.initial.setdefault("funding_period", _current_period())


# --- the case -------------------------------------------------------------------------


class CaseForm(EditForm, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Case
        fields = (
            "owner_position",
            "esf_entry_date",
            "funding_period",
            "subproject",
            "employment_status_at_entry",
            "isced_at_entry",
            "homeless",
            "rural",
        )
        widgets = {
            "esf_entry_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.instance.owner_organisation
        self.fields["owner_position"].queryset = _positions(organisation.positions.all())
        self.fields["subproject"] = SubProjectField(
            label=_("Sub-project"),
            required=False,
            queryset=_subprojects(organisation),
            help_text=_("A sub-project of the case's funding period."),
        )
        self.fields["isced_at_entry"] = isced_field(_("ISCED level at entry"))
        if not self.is_bound:
            self.initial.setdefault("version", self.instance.version)

    def clean_isced_at_entry(self):
        value = self.cleaned_data.get("isced_at_entry")
        if value is not None and not 0 <= value <= 8:
            raise ValidationError(_("ISCED levels run from 0 to 8."))
        return value

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MeasureForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Organisation.objects.none())
    type = forms.ChoiceField(label=_("Type"), choices=_choices(Measure.Type.choices))
    funding_source = forms.ChoiceField(
        label=_("Funding source"), choices=_choices(Measure.Funding.choices)
    )
    starts_on = _date(label=_("Starts on"))
    ends_on = _date(label=_("Ends on"))
    places = forms.IntegerField(label=_("Places"), required=False, min_value=1, max_value=10000)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = organisations
        self.fields["provider"].empty_label = None

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end cannot lie before the start."))
        return data
