"""Forms for what is recorded in a case: status, activities, needs assessment, plan,
enrolments, placements, exit and follow-up, the case team and the handover.

They validate input and hand clean values to the services; they never save.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inprocedere.core.language_rows import LanguageRows
from inprocedere.core.names import parse_language_levels
from inprocedere.network.models import Organisation, Position

from .choosers import offer_receivers, scope
from .forms import Form, _choices, _date, _text, isced_field
from .models import Activity, Exit, Goal, Measure, Placement, StatusOnLeaving, Urgency
from .workflows import CaseStatus, EnrollmentState


class StatusForm(Form):
    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    reason = _text(_("Reason"), required=False, rows=2)

    def __init__(self, *args, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if statuses is not None:
            self.fields["status"].choices = [
                (s.value, s.label) for s in CaseStatus if s in statuses
            ]


class ActivityForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=_choices(Activity.Kind.choices))
    date = _date(label=_("Date"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=24 * 60
    )
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, e.g. “work permit, language course”."),
    )
    note = _text(_("Note"), required=False, max_length=10000)
    confidential = forms.BooleanField(
        label=_("Confidential: only my organisation sees the note"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())

    def clean_topics(self):
        return [part.strip() for part in self.cleaned_data["topics"].split(",") if part.strip()]


class AssessmentForm(Form):
    assessed_on = _date(label=_("Assessed on"))
    languages = forms.CharField(
        label=_("Languages with CEFR level"),
        required=False,
        max_length=500,
        widget=LanguageRows(level_required=True),
        help_text=_("One language a row with its level (A1 to C2, or native language)."),
    )
    schooling_years = forms.IntegerField(
        label=_("Years of schooling"), required=False, min_value=0, max_value=30
    )
    school_certificate = forms.CharField(
        label=_("School certificate"), required=False, max_length=200
    )
    isced_level = isced_field(_("ISCED level"))
    qualifications = _text(
        _("Vocational qualifications"),
        required=False,
        rows=3,
        max_length=2000,
        help_text=_("One per line: title; country; recognition, e.g. “Electrician; SY; partial”."),
    )
    work_experience = _text(_("Work experience"), required=False, rows=3)
    driving_licence = forms.CharField(label=_("Driving licence"), required=False, max_length=50)
    childcare_needed = forms.BooleanField(label=_("Childcare needed"), required=False)
    notes = _text(_("Notes"), required=False, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("assessed_on", timezone.localdate())

    def clean_languages(self):
        """ "Deutsch A2, Persisch (Farsi) – native" (or "de A2") as [{language, level}]."""
        found = parse_language_levels(self.cleaned_data["languages"], level_required=True)
        return [{"language": code, "level": level} for code, level in found]

    def clean_qualifications(self):
        result = []
        for line in self.cleaned_data["qualifications"].splitlines():
            parts = [part.strip() for part in line.split(";")]
            if not parts[0]:
                continue
            parts += ["", ""]
            result.append({"title": parts[0], "country": parts[1], "recognition": parts[2]})
        return result


class GoalForm(Form):
    text = forms.CharField(label=_("Goal"), max_length=500)
    due_on = _date(label=_("Due on"), required=False)


class GoalStatusForm(Form):
    goal = forms.ModelChoiceField(queryset=Goal.objects.none(), widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)
    # The goal's version the page showed: a change since then is refused as stale.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = case.goals.all()


class EnrollmentForm(Form):
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures
        self.fields["measure"].empty_label = _("Please choose")


class EnrollmentTransitionForm(Form):
    enrollment = forms.IntegerField(widget=forms.HiddenInput)
    state = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (value, label)
            for value, label in EnrollmentState.choices
            if value != EnrollmentState.PLANNED
        ],
    )
    on = _date(label=_("On"))
    certificate = forms.CharField(
        label=_("Certificate"), required=False, max_length=200, help_text=_("When completed.")
    )
    qualification_gained = forms.BooleanField(label=_("Qualification gained"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())


class PlacementForm(Form):
    type = forms.ChoiceField(label=_("Type"), choices=_choices(Placement.Type.choices))
    employer = forms.CharField(label=_("Employer or school"), max_length=200)
    starts_on = _date(label=_("Starts on"))
    ends_on = _date(label=_("Ends on"), required=False)
    weekly_hours = forms.DecimalField(
        label=_("Hours per week"),
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=0.5,
        max_value=60,
    )
    secures_livelihood = forms.BooleanField(label=_("Secures the livelihood"), required=False)


class ExitForm(Form):
    exit_date = _date(label=_("Exit date"))
    reason = forms.ChoiceField(label=_("Reason"), choices=_choices(Exit.Reason.choices))
    status_upon_leaving = forms.ChoiceField(
        label=_("Status upon leaving"), choices=_choices(StatusOnLeaving.choices)
    )
    qualification_gained = forms.BooleanField(label=_("Gained a qualification"), required=False)


class FollowUpForm(Form):
    done_on = _date(label=_("Done on"))
    status = forms.ChoiceField(
        label=_("Status at six months"), choices=_choices(StatusOnLeaving.choices)
    )
    situation_improved = forms.NullBooleanField(
        label=_("Labour-market situation improved"), required=False
    )


class TeamAddForm(Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=_("Narrows the positions below to this organisation."),
    )
    position = forms.ModelChoiceField(
        label=_("Position of another organisation"), queryset=Position.objects.none()
    )

    def __init__(self, *args, case, first=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_receivers(self, scope("team", case=case), "team", case=case, first=first)

    def clean(self):
        data = super().clean()
        org, position = data.get("organisation"), data.get("position")
        if org and position and position.organisation_id != org.pk:
            self.add_error("position", _("This position belongs to another organisation."))
        return data


class TeamRemoveForm(Form):
    position = forms.IntegerField(widget=forms.HiddenInput)


class HandoverForm(Form):
    to_organisation = forms.ModelChoiceField(
        label=_("To organisation"), queryset=Organisation.objects.none()
    )
    to_position = forms.ModelChoiceField(
        label=_("To position"), required=False, queryset=Position.objects.none()
    )
    reason = _text(
        _("Reason"),
        rows=3,
        help_text=_("e.g. “right to remain granted, entitled to SGB II benefits”."),
    )
    goals = _text(_("Goals"), required=False, rows=3)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)

    def __init__(self, *args, case, first=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_receivers(self, scope("handover", case=case), "handover", case=case, first=first)

    def clean(self):
        data = super().clean()
        org, position = data.get("to_organisation"), data.get("to_position")
        if org and position and position.organisation_id != org.pk:
            self.add_error("to_position", _("This position belongs to another organisation."))
        return data
