from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from inprocedere.network.models import Organisation, Region, SubProject

from .esf import CODES, GENDERS, REASONS


def _date(label):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class EsfReportForm(forms.Form):
    """The report's range and scope, read from the query string (GET)."""

    date_from = _date(_("From"))
    date_to = _date(pgettext_lazy("end of a date range", "To"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Whole network"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All regions"),
    )
    subproject = forms.ModelChoiceField(
        label=_("Sub-project"),
        queryset=SubProject.objects.select_related("region"),
        required=False,
        empty_label=_("All sub-projects"),
    )

    def __init__(self, data=None, *, organisations=None, **kwargs):
        # The query string uses the command line's names: ?from=…&to=….
        if data is not None:
            data = data.copy()
            for short, name in (("from", "date_from"), ("to", "date_to")):
                if short in data and name not in data:
                    data[name] = data[short]
        super().__init__(data, **kwargs)
        if organisations is not None:
            # Readers who see their own organisation's figures only choose among those.
            field = self.fields["organisation"]
            field.queryset = organisations
            field.required = True
            field.empty_label = None

    def scope(self):
        from .selectors import Scope

        data = self.cleaned_data
        return Scope(
            organisation=data.get("organisation"),
            region=data.get("region"),
            subproject=data.get("subproject"),
        )

    def query(self) -> dict:
        """The range and scope as a query string's parameters (the command line's names)."""
        data = self.cleaned_data
        query = {"from": data["date_from"].isoformat(), "to": data["date_to"].isoformat()}
        if data.get("organisation"):
            query["organisation"] = data["organisation"].slug
        if data.get("region"):
            query["region"] = data["region"].slug
        if data.get("subproject"):
            query["subproject"] = str(data["subproject"].pk)
        return query

    def clean(self):
        from .selectors import ScopeError, check_range, check_subproject

        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            for field, check in (
                ("date_to", lambda: check_range(start, end)),
                ("subproject", lambda: check_subproject(data.get("subproject"), start, end)),
            ):
                try:
                    check()
                except ScopeError as error:
                    self.add_error(field, str(error))
                    break
        return data


class FigureForm(EsfReportForm):
    """A report's figure: the range and scope, plus the indicator and the gender column."""

    code = forms.ChoiceField(choices=[(code, code) for code in (*CODES, *REASONS)])
    gender = forms.ChoiceField(
        choices=[(gender, gender) for gender in ("total", *GENDERS)], required=False
    )


class NetworkReportForm(EsfReportForm):
    """The figures' and the monitor's range and scope; month by month, at most five years."""

    def clean(self):
        from .figures import MAX_MONTHS, months

        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end >= start and len(months(start, end)) > MAX_MONTHS:
            self.add_error(
                "date_to",
                _("The range covers at most %(months)s months.") % {"months": MAX_MONTHS},
            )
        return data


class CellForm(NetworkReportForm):
    """One cell of a network figure: the figure, its row (a month) and its column."""

    figure = forms.ChoiceField(choices=[])
    row = forms.RegexField(regex=r"^(\d{4}-\d{2}|total)$", max_length=7)
    column = forms.RegexField(regex=r"^[a-z0-9_]{1,40}$", max_length=40)

    def __init__(self, *args, **kwargs):
        from .figures import FIGURES

        super().__init__(*args, **kwargs)
        self.fields["figure"].choices = [(name, name) for name in FIGURES]
