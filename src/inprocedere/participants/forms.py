"""Forms of the participant pages: they validate input and hand clean values to the
services. They never save: every write goes through `participants.services`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from inprocedere.core.fields import PartialDateFormField
from inprocedere.core.language_rows import LanguageRows
from inprocedere.core.names import parse_language_levels
from inprocedere.network.forms import EditForm, FilterForm, VersionField
from inprocedere.network.text import too_short

from .models import (
    Alias,
    BenefitPeriod,
    ExternalIdentifier,
    Participant,
    ResidenceStatus,
    WorkPermitApplication,
)
from .services.participants import PARTICIPANT_FIELDS
from .services.records import RESIDENCE_FIELDS, WORK_PERMIT_FIELDS

SEARCH_MAX_LENGTH = 200


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParticipantSearchForm(FilterForm):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_(
            "Any spelling, or an identifier; aliases are searched too. Case and accents "
            "are ignored."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1900, max_value=2100
    )

    def clean_q(self):
        return clean_search_text(self.cleaned_data.get("q") or "")


def clean_search_text(value: str) -> str:
    """Refuse a search of single letters: it would match nearly everyone and no index
    can find it without reading every row (network.text.needles)."""
    if too_short(value):
        raise forms.ValidationError(
            _("Please enter at least two letters of a name, or an identifier."),
            code="too_short",
        )
    return value


class LanguagesField(forms.CharField):
    """Languages chosen in rows (core.language_rows), or typed by name or code separated
    by commas ("Arabisch, Kurdisch" or "ar, ku"), stored as codes."""

    def to_python(self, value):
        # The needs assessment's reading (core.names): a level typed here is left out, the
        # person's record holds the languages; the assessment holds the levels.
        found = parse_language_levels(super().to_python(value) or "", level_required=False)
        return list(dict.fromkeys(code for code, _level in found))


class ParticipantForm(EditForm, forms.ModelForm):
    """Register (no instance) or edit (instance with version) a participant."""

    # max_length=None: CharField's length validator would run on the parsed PartialDate
    # (core.fields runs validators after to_python); the widget still limits the length.
    birth_date = PartialDateFormField(
        label=_("Date of birth"),
        required=False,
        max_length=None,
        widget=forms.TextInput(attrs={"maxlength": 10}),
        help_text=_("As known: DD.MM.YYYY, MM/YYYY or only the year YYYY."),
    )
    languages = LanguagesField(
        label=_("Languages spoken"),
        required=False,
        max_length=300,
        widget=LanguageRows(levels=False),
        help_text=_("One language a row; the levels are recorded in the needs assessment."),
    )
    citizenships = forms.MultipleChoiceField(
        label=_("Citizenships"),
        required=False,
        choices=[],
        # Ticked boxes in a scrollable list (no Ctrl-click), names from the CLDR.
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
    )

    fieldsets = (
        (
            _("Identity"),
            (
                "family_name",
                "given_names",
                "birth_date",
                "birth_place",
                "gender",
                "citizenships",
                "stateless",
            ),
        ),
        (_("Contact"), ("phone", "email", "street", "postcode", "municipality")),
        (_("Household and background"), ("minor_children", "household_note", "foreign_background")),
        (_("Education and work"), ("languages",)),
        (_("Special categories (only with the person's consent)"), ("disability", "minority")),
    )

    class Meta:
        model = Participant
        fields = PARTICIPANT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["citizenships"].choices = list(countries)
        if self.instance.pk:
            self.fields["version"] = VersionField()
            if not self.is_bound:
                self.initial.setdefault("version", self.instance.version)
                self.initial["citizenships"] = [c.code for c in self.instance.citizenships]

    def _post_clean(self):
        """Model validation happens in the services, not here."""

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PARTICIPANT_FIELDS}


class RegistrationForm(ParticipantForm):
    """Registration: possible duplicates are shown first; `confirm` registers anyway."""

    confirm = forms.BooleanField(
        label=_("None of these is the person: register a new participant anyway"),
        required=False,
    )
    registering_position = forms.ModelChoiceField(
        label=_("Registering for"), queryset=None, required=False
    )

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        positions = list(positions)
        if len({p.organisation_id for p in positions}) > 1:
            self.fields["registering_position"].queryset = (
                type(positions[0])
                .objects.filter(pk__in=[p.pk for p in positions])
                .select_related("organisation")
            )
            self.fields["registering_position"].required = True
            self.fields["registering_position"].label_from_instance = lambda p: (
                f"{p.title} ({p.organisation.display_short})"
            )
        else:
            del self.fields["registering_position"]

    def service_data(self) -> dict:
        data = super().service_data()
        if "registering_position" in self.fields:
            data["registering_position"] = self.cleaned_data["registering_position"]
        return data


class AliasForm(EditForm, forms.ModelForm):
    class Meta:
        model = Alias
        fields = ("family_name", "given_names", "source")

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class ExternalIdentifierForm(EditForm, forms.ModelForm):
    class Meta:
        model = ExternalIdentifier
        fields = ("organisation", "kind", "value")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class RecordVersionMixin:
    """On an edit (an instance with a pk), the version the editor loaded, sent back on save."""

    def add_version_field(self):
        if self.instance.pk:
            self.fields["version"] = VersionField()
            if not self.is_bound:
                self.initial["version"] = self.instance.version


class ResidenceStatusForm(RecordVersionMixin, EditForm, forms.ModelForm):
    status_type = forms.ChoiceField(label=_("Status"))

    fieldsets = (
        (_("Status"), ("status_type", "paragraph", "absatz", "satz", "on_probation")),
        (_("Validity"), ("valid_from", "valid_until")),
        (
            _("Document"),
            ("work_endorsement", "residence_obligation", "issuing_authority", "document_number"),
        ),
    )

    class Meta:
        model = ResidenceStatus
        fields = RESIDENCE_FIELDS
        widgets = {"valid_from": _date_widget(), "valid_until": _date_widget()}
        help_texts = {
            "paragraph": _("Leave empty to use the status's paragraph."),
            "valid_until": _("Leave empty if open-ended; a fixed end date is filled in."),
        }

    def __init__(self, *args, status_types, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status_type"].choices = [("", _("Please choose")), *status_types]
        self.fields["issuing_authority"].queryset = authorities
        if self.instance.pk and not self.is_bound:
            self.initial["status_type"] = self.instance.status_type.code
        self.add_version_field()

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in RESIDENCE_FIELDS}


class WorkPermitApplicationForm(RecordVersionMixin, EditForm, forms.ModelForm):
    fieldsets = (
        (_("Application"), ("applied_on", "employer", "job", "hours_per_week", "hourly_wage")),
        (
            _("Employment agency"),
            ("sent_to_agency_on", "agency_decision", "agency_decided_on", "priority_check"),
        ),
        (_("Permit"), ("valid_until", "tied_to_employer", "ban_reason")),
    )

    class Meta:
        model = WorkPermitApplication
        fields = WORK_PERMIT_FIELDS
        widgets = {
            name: _date_widget()
            for name in ("applied_on", "sent_to_agency_on", "agency_decided_on", "valid_until")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in WORK_PERMIT_FIELDS}


class BenefitPeriodForm(RecordVersionMixin, EditForm, forms.ModelForm):
    class Meta:
        model = BenefitPeriod
        fields = ("system", "agency", "valid_from", "valid_until")
        widgets = {"valid_from": _date_widget(), "valid_until": _date_widget()}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.add_version_field()

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
