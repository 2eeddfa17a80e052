from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Import for"))
    file = forms.FileField(
        label=_("Participant sheet"),
        help_text=_("CSV (UTF-8, comma or semicolon) or Excel workbook (.xlsx); see the format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.slug: organisation for organisation in organisations}
        self.fields["organisation"].choices = [
            (organisation.slug, organisation.name) for organisation in organisations
        ]
        if len(self.organisations) == 1:
            self.fields["organisation"].initial = next(iter(self.organisations))

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]
