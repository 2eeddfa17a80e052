"""Forms of cooperation: they validate input and hand clean values to the services.

They never save: every write goes through `cooperation.services`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from inprocedere.cases.choosers import case_work
from inprocedere.core.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from inprocedere.network.forms import EditForm, VersionField
from inprocedere.network.models import Organisation, Person, Position, Region

from .models import Meeting
from .workflows import Attendance, ConsultationTopic

TEXT = 4000
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


def _date(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def _datetime(label):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=DATETIME_FORMATS,
    )


def _text(label, *, required=True, max_length=TEXT, rows=4, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def active_positions(exclude_organisations=()):
    return (
        Position.objects.filter(is_active=True)
        .exclude(organisation_id__in=exclude_organisations)
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )


def case_work_positions():
    """Active positions with a case role: who can sit at a case conference (not the IT
    administration, the ministry or the coordinating office). The same test of the roles
    as the case-work choosers (`cases.choosers.case_work`)."""
    return active_positions().filter(case_work())


def checkboxes():
    """Positions picked by ticking them (the organisation first in each label), not by a
    Ctrl-click multi-select."""
    return forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"})


class PositionChoice(SafeModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organisation.display_short} – {obj.title}"


class PositionsChoice(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organisation.display_short} – {obj.title}"


class Form(EditForm, forms.Form):
    def service_data(self) -> dict:
        return dict(self.cleaned_data)


# --- consultations --------------------------------------------------------------------


class ConsultationForm(Form):
    from_position = PositionChoice(label=_("Asked by"), queryset=Position.objects.none())
    to_position = PositionChoice(
        label=_("Ask position"),
        queryset=Position.objects.none(),
        help_text=_("A position of another organisation; while it is vacant, its deputy answers."),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=ConsultationTopic.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    question = _text(_("Question"))
    due_on = _date(_("Answer needed by"))

    def __init__(self, *args, own_positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        own = list(own_positions)
        self.fields["from_position"].queryset = Position.objects.filter(
            pk__in=[p.pk for p in own]
        ).select_related("organisation")
        if len(own) == 1:
            self.fields["from_position"].initial = own[0].pk
        self.fields["to_position"].queryset = active_positions({p.organisation_id for p in own})


class AnswerForm(Form):
    answer = _text(_("Answer"))


class FollowUpForm(Form):
    question = _text(_("Follow-up question"))
    due_on = _date(_("New date for the answer"), required=False)


class NoteForm(Form):
    note = _text(_("Note"), required=False, rows=2)


# --- conferences and meetings ---------------------------------------------------------


class ScheduleForm(Form):
    version = VersionField(required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = _datetime(_("Starts"))
    ends_at = _datetime(_("Ends"))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.URLField(label=_("Video link"), max_length=200, required=False)
    agenda = _text(_("Agenda"), required=False, max_length=8000, rows=6)


class ConferenceForm(ScheduleForm):
    chair_position = PositionChoice(label=_("Chaired by"), queryset=Position.objects.none())
    positions = PositionsChoice(
        label=_("Invite positions"),
        queryset=Position.objects.none(),
        widget=checkboxes(),
        help_text=_(
            "Each organisation other than the case's owner needs the person's consent "
            "for case conferences."
        ),
    )

    def __init__(self, *args, own_positions=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _(
            "Invitees whose organisation the person's consent does not (or no longer) let "
            'see the person\'s name read "Case conference no. …" instead of this title.'
        )
        own = list(own_positions)
        if editing:
            del self.fields["chair_position"]
            del self.fields["positions"]
            return
        del self.fields["version"]
        self.fields["chair_position"].queryset = Position.objects.filter(
            pk__in=[p.pk for p in own]
        ).select_related("organisation")
        if len(own) == 1:
            self.fields["chair_position"].initial = own[0].pk
        self.fields["positions"].queryset = case_work_positions()


class MeetingForm(ScheduleForm):
    chair_position = PositionChoice(label=_("Organised by"), queryset=Position.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Meeting.Level.choices)
    region = SafeModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("For a local meeting; empty for the whole network."),
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    expertise_organisation = SafeModelChoiceField(
        label=_("Expertise from"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("For a training: the organisation whose expertise it draws on."),
    )
    positions = PositionsChoice(
        label=_("Invite positions"),
        queryset=Position.objects.none(),
        required=False,
        widget=checkboxes(),
    )

    def __init__(self, *args, own_positions=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("chair_position", "positions", "kind"):
                del self.fields[name]
            return
        del self.fields["version"]
        own = list(own_positions)
        self.fields["chair_position"].queryset = Position.objects.filter(
            pk__in=[p.pk for p in own]
        ).select_related("organisation")
        if len(own) == 1:
            self.fields["chair_position"].initial = own[0].pk
        self.fields["positions"].queryset = active_positions()


class InviteForm(Form):
    positions = PositionsChoice(
        label=_("Invite positions"), queryset=Position.objects.none(), widget=checkboxes()
    )

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["positions"].queryset = active_positions() if positions is None else positions


class UninviteForm(Form):
    invitation = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)


class MinutesForm(Form):
    version = VersionField()
    minutes = _text(_("Minutes"), max_length=20000, rows=10)
    decisions = _text(_("Decisions"), required=False, max_length=8000, rows=4)


class ActionItemForm(Form):
    title = forms.CharField(label=_("What is to be done"), max_length=300)
    owner_position = PositionChoice(
        label=_("Responsible position"), queryset=Position.objects.none()
    )
    due_on = _date(_("Due"))

    def __init__(self, *args, table=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_position"].queryset = Position.objects.filter(
            pk__in=list(table)
        ).select_related("organisation")


class DoneForm(Form):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)
    done_on = _date(_("Done on"), required=False)
    note = forms.CharField(label=_("Note"), max_length=TEXT, required=False)


class AttendanceForm(Form):
    """One choice per invitation, named `invitation-<id>`."""

    def __init__(self, *args, invitations=(), **kwargs):
        super().__init__(*args, **kwargs)
        for invitation in invitations:
            self.fields[f"invitation-{invitation.pk}"] = forms.ChoiceField(
                label=str(invitation.position),
                choices=Attendance.choices,
                initial=invitation.attendance,
            )

    def service_data(self) -> dict:
        return {
            "attendance": {
                int(name.removeprefix("invitation-")): value
                for name, value in self.cleaned_data.items()
            }
        }


class MeetingAttendanceForm(Form):
    person = SafeModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.all(),
        help_text=_("A member of staff of a network organisation."),
    )
    organisation = SafeModelChoiceField(
        label=_("For organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Empty: the organisation of the position the person holds."),
    )


class AttendanceRemoveForm(Form):
    attendance = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)


class MaterialForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, JPEG, PNG or an office document (.docx, .xlsx, .pptx, .odt, .ods, .odp)."
        ),
    )
