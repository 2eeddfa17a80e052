"""The cooperation permissions and the reach of each (registered with the access policy).

Who may do what:
- a consultation is read by both sides' organisations, asked from a case one works in,
  answered only by the holders of the addressee position (its deputy's holders while it
  is vacant), closed or withdrawn by the asking organisation;
- a case conference is read by the case's organisation and the organisations invited to
  it, managed by the chair's organisation, its minutes approved by the chair position;
- an action item is marked done by its owner position (its deputy while vacant) or the
  chair's organisation;
- network meetings and trainings hold no personal data: every signed-in member of the
  network reads the calendar; the chair's organisation (and the coordinator) manage them,
  the chair position approves their minutes.
"""

from django.db.models import Q

from inprocedere.network.models import Tenure
from inprocedere.privacy import policy
from inprocedere.privacy.policy import CASE_ROLES, SIGNED_IN
from inprocedere.privacy.roles import Role

from .models import MEETING_KINDS
from .workflows import AppointmentKind

MEETING_ROLES = CASE_ROLES | {Role.COORDINATOR}

policy.register(
    "consultation.read", CASE_ROLES, "Read consultations one's organisation sent or received"
)
policy.register(
    "consultation.ask", CASE_ROLES, "Ask another organisation about a case one works in"
)
policy.register(
    "consultation.answer", CASE_ROLES, "Answer a consultation addressed to one's position"
)
policy.register(
    "consultation.close",
    CASE_ROLES,
    "Close, follow up or withdraw a consultation one's organisation asked",
)
policy.register("conference.read", CASE_ROLES, "Read case conferences of one's case or invitations")
policy.register(
    "conference.manage", CASE_ROLES, "Plan and record a case conference one's organisation chairs"
)
policy.register("conference.approve", CASE_ROLES, "Approve the minutes as the conference's chair")
policy.register("action_item.complete", CASE_ROLES, "Mark an action item of one's position done")
policy.register("meeting.read", {SIGNED_IN}, "Read the network calendar, meetings and trainings")
policy.register("meeting.manage", MEETING_ROLES, "Plan and record meetings and trainings")
policy.register(
    "meeting.approve", MEETING_ROLES, "Approve the minutes as the meeting's or training's chair"
)
policy.register("calendar.feed", {SIGNED_IN}, "Subscribe to one's own calendar feed")


def acting_positions_q(field: str, positions) -> Q:
    """`field` is one of `positions`, or a vacant position whose deputy is one of them."""
    occupied = Tenure.objects.current().values("position_id")
    return Q(**{f"{field}__in": positions}) | (
        Q(**{f"{field}__deputy__in": positions}) & ~Q(**{f"{field}__in": occupied})
    )


def _consultation_scope(actor, queryset, name):
    orgs, positions = actor.organisation_ids, actor.position_ids
    if name == "consultation.answer":
        return queryset.filter(acting_positions_q("to_position", positions))
    if name == "consultation.close":
        return queryset.filter(from_position__organisation_id__in=orgs)
    return queryset.filter(
        Q(from_position__organisation_id__in=orgs) | Q(to_position__organisation_id__in=orgs)
    )


def _conference_scope(actor, queryset, name):
    orgs, positions = actor.organisation_ids, actor.position_ids
    if name == "conference.manage":
        return queryset.filter(chair_position__organisation_id__in=orgs)
    if name == "conference.approve":
        return queryset.filter(acting_positions_q("chair_position", positions))
    invited = Q(invitations__organisation_id__in=orgs, invitations__withdrawn_at__isnull=True)
    ids = queryset.model._default_manager.filter(
        Q(case__owner_organisation_id__in=orgs)
        | Q(chair_position__organisation_id__in=orgs)
        | invited
    ).values("pk")
    return queryset.filter(pk__in=ids)


def _action_item_scope(actor, queryset, name):
    orgs, positions = actor.organisation_ids, actor.position_ids
    return queryset.filter(
        acting_positions_q("owner_position", positions)
        | Q(conference__chair_position__organisation_id__in=orgs)
    )


def _meeting_scope(actor, queryset, name):
    if name == "meeting.approve":
        return queryset.filter(acting_positions_q("chair_position", actor.position_ids))
    if name == "meeting.manage" and Role.COORDINATOR not in actor.roles:
        return queryset.filter(chair_position__organisation_id__in=actor.organisation_ids)
    return queryset


def _appointment_scope(actor, queryset, name):
    """An appointment seen through the base model: the rule of its kind, by permission."""
    if name.startswith("conference."):
        return _conference_scope(actor, queryset.filter(kind=AppointmentKind.CONFERENCE), name)
    if name.startswith("meeting."):
        return _meeting_scope(actor, queryset.filter(kind__in=MEETING_KINDS), name)
    return queryset.none()


# The policy keeps one reach function per model; ours live here with their permissions.
for _label, _scope in {
    "cooperation.consultation": _consultation_scope,
    "cooperation.caseconference": _conference_scope,
    "cooperation.actionitem": _action_item_scope,
    "cooperation.meeting": _meeting_scope,
    "cooperation.appointment": _appointment_scope,
}.items():
    policy.register_scope(_label, _scope)
