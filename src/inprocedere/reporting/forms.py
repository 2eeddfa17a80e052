from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from inprocedere.network.models import Organisation, Region

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

    def __init__(self, data=None, **kwargs):
        # The query string uses the command line's names: ?from=…&to=….
        if data is not None:
            data = data.copy()
            for short, name in (("from", "date_from"), ("to", "date_to")):
                if short in data and name not in data:
                    data[name] = data[short]
        super().__init__(data, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the range lies before its start."))
        return data


class FigureForm(EsfReportForm):
    """A report's figure: the range and scope, plus the indicator and the gender column."""

    code = forms.ChoiceField(choices=[(code, code) for code in (*CODES, *REASONS)])
    gender = forms.ChoiceField(
        choices=[(gender, gender) for gender in ("total", *GENDERS)], required=False
    )
