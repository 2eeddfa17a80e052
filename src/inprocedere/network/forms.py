"""Forms of the directory: they validate input and hand clean values to the services.

They never save: every write goes through `network.services`.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inprocedere.privacy.roles import Role

from .models import Organisation, Person, Position, Region, Tenure, Topic

SEARCH_MAX_LENGTH = 200


def _checkboxes():
    """Check boxes for a multiple choice (the `kern` filter styles single widgets only)."""
    return forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"})


class FilterForm(forms.Form):
    def value(self, name) -> str:
        """The cleaned value of `name`, or "" when it is missing or invalid."""
        if not self.is_bound:
            return ""
        self.is_valid()
        if name in self.errors:
            return ""
        return self.cleaned_data.get(name) or ""


# --- search and filter forms ----------------------------------------------------------


def _choices(empty_label, items):
    return [("", empty_label), *items]


class DirectorySearchForm(FilterForm):
    """The directory's search: free text plus topic, region and organisation.

    Choices are plain lists read once per request, so validating a filter costs no
    further query and the page's query count does not depend on the filters.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_(
            "Topic, place, organisation, position or name, e.g. “residence law Germersheim”."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)

    def __init__(self, *args, topics, regions, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = _choices(
            _("All topics"), [(topic.slug, topic.name) for topic in topics]
        )
        self.fields["region"].choices = _choices(
            _("All regions"), [(region.slug, region.name) for region in regions]
        )
        self.fields["organisation"].choices = _choices(
            _("All organisations"), [(org.slug, org.name) for org in organisations]
        )


class OrganisationFilterForm(FilterForm):
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=_choices(_("All kinds"), Organisation.Kind.choices),
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _choices(
            _("All regions"), [(region.slug, region.name) for region in regions]
        )


class PersonSearchForm(FilterForm):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


# --- edit forms -----------------------------------------------------------------------


DJANGO_EMPTY = "---------"


def name_empty_choices(fields) -> None:
    """Replace Django's "---------" with words: "Please choose" where an answer is
    required, "Not stated" where it may stay empty."""
    for field in fields.values():
        label = _("Please choose") if field.required else _("Not stated")
        if getattr(field, "empty_label", None) == DJANGO_EMPTY:
            field.empty_label = label
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            choices = list(field.choices)
            if any(value == "" and text == DJANGO_EMPTY for value, text in choices):
                field.choices = [
                    (value, label if value == "" and text == DJANGO_EMPTY else text)
                    for value, text in choices
                ]


class EditForm:
    """What the edit forms share: fieldsets for the template, service errors, and empty
    choices named in words."""

    fieldsets: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_empty_choices(self.fields)

    def fieldset_list(self):
        """[(legend, [bound fields])] in the order of `fieldsets`; the rest at the end."""
        used, groups = set(), []
        for legend, names in self.fieldsets:
            fields = [self[name] for name in names if name in self.fields]
            used.update(names)
            groups.append((legend, fields))
        rest = [field for field in self.visible_fields() if field.name not in used]
        if rest:
            groups.append(("", rest))
        return groups

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the matching fields (the rest on the form)."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)

    def show_error(self, error: ValidationError) -> None:
        """Attach `error` to a form that shows current values (an unbound form)."""
        if self.is_bound:
            self.add_service_error(error)
            return
        self._errors = ErrorDict()
        self.cleaned_data = {}
        self.add_service_error(error)


class VersionField(forms.IntegerField):
    """The version the editor loaded; a save from an older one is refused as stale."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)


class OrganisationForm(EditForm, forms.ModelForm):
    version = VersionField()
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )

    fieldsets = (
        (_("Organisation"), ("name", "short_name", "kind", "regions")),
        (_("Address and contact"), ("street", "postcode", "city", "website", "phone", "email")),
        (_("Mandate (German)"), ("mandate_does_de", "mandate_cannot_de", "legal_basis_de")),
        (_("Mandate (English)"), ("mandate_does_en", "mandate_cannot_en", "legal_basis_en")),
    )

    class Meta:
        model = Organisation
        fields = (
            "name",
            "short_name",
            "kind",
            "regions",
            "street",
            "postcode",
            "city",
            "website",
            "phone",
            "email",
            "mandate_does_de",
            "mandate_does_en",
            "mandate_cannot_de",
            "mandate_cannot_en",
            "legal_basis_de",
            "legal_basis_en",
        )
        widgets = {
            "regions": _checkboxes(),
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in (
                    "mandate_does_de",
                    "mandate_does_en",
                    "mandate_cannot_de",
                    "mandate_cannot_en",
                    "legal_basis_de",
                    "legal_basis_en",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.order_by("name")
        if not self.is_bound and self.instance.pk:
            self.initial.setdefault("version", self.instance.version)

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["regions"] = list(data["regions"])
        return data


class PositionForm(EditForm, forms.ModelForm):
    """Create or edit a position. `deputies` are the positions that may stand in."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        required=False,
        choices=Role.choices,
        widget=_checkboxes(),
        help_text=_("What the holders of this position may do in InProcedere."),
    )

    fieldsets = (
        (_("Position"), ("title", "topics", "regions")),
        (_("Contact"), ("phone", "email", "deputy")),
        (_("Access"), ("roles", "is_active")),
        (_("Handover"), ("handover_note",)),
    )

    class Meta:
        model = Position
        fields = (
            "title",
            "topics",
            "regions",
            "phone",
            "email",
            "deputy",
            "roles",
            "handover_note",
            "is_active",
        )
        widgets = {
            "topics": _checkboxes(),
            "regions": _checkboxes(),
            "handover_note": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "regions": _("Leave empty if the position serves all regions of its organisation."),
            "deputy": _("The position that stands in when this one is vacant or absent."),
            "handover_note": _("What a successor needs to know: contacts, routines, open matters."),
        }

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = VersionField()
            if not self.is_bound:
                self.initial.setdefault("version", self.instance.version)
        self.fields["topics"].queryset = Topic.objects.order_by("name_de")
        self.fields["regions"].queryset = Region.objects.order_by("name")
        self.fields["deputy"].queryset = deputies
        self.fields["deputy"].empty_label = _("No deputy")

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["topics"] = list(data["topics"])
        data["regions"] = list(data["regions"])
        data["roles"] = list(data["roles"])
        return data


class PersonForm(EditForm, forms.ModelForm):
    fieldsets = (
        (_("Name"), ("title", "given_name", "family_name")),
        (_("Contact"), ("phone", "email")),
    )

    class Meta:
        model = Person
        fields = ("title", "given_name", "family_name", "phone", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = VersionField()
            if not self.is_bound:
                self.initial.setdefault("version", self.instance.version)

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TenureStartForm(EditForm, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    starts_on = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, people, **kwargs):
        kwargs.setdefault("initial", {"starts_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].empty_label = _("Please choose")


class TenureEndForm(EditForm, forms.Form):
    """A holder leaves: until when, why, who follows, and what the successor must know."""

    ends_on = forms.DateField(
        label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_reason = forms.ChoiceField(
        label=_("Reason"), choices=_choices(_("Please choose"), Tenure.EndReason.choices)
    )
    successor = forms.ModelChoiceField(
        label=_("Successor"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Leave empty if nobody follows yet: the deputy takes over the work."),
    )
    successor_starts_on = forms.DateField(
        label=_("Successor from"),
        required=False,
        help_text=_("Default: the day after the end."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    handover_note = forms.CharField(
        label=_("Handover note"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Kept on the position: contacts, routines, open matters."),
    )

    def __init__(self, *args, people=None, note="", **kwargs):
        kwargs.setdefault("initial", {"ends_on": timezone.localdate(), "handover_note": note})
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["successor"].queryset = people
        self.fields["successor"].empty_label = _("Nobody yet")
