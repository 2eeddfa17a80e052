"""The measures catalogue and the enrolments of a case (planned → ongoing → completed | aborted)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.privacy import policy

from ..models import Enrollment, Measure
from ..workflows import ENROLLMENT_TRANSITIONS, EnrollmentState, check_transition
from ._common import (
    known_choice,
    max_length,
    not_before,
    not_before_case,
    not_in_future,
    require_open,
)


@transaction.atomic
def measure_create(
    *,
    actor,
    provider,
    title,
    type,
    funding_source,
    starts_on: dt.date,
    ends_on: dt.date,
    places: int | None = None,
) -> Measure:
    """A measure in the catalogue, provided by one of the actor's organisations."""
    policy.require(actor, "measure.manage")
    if provider.pk not in policy.actor_for(actor).organisation_ids:
        raise PermissionDenied("not the actor's organisation")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Please give the title.")})
    max_length(title, 200, "title")
    known_choice(type, Measure.Type, "type")
    known_choice(funding_source, Measure.Funding, "funding_source")
    if starts_on is None or ends_on is None:
        raise ValidationError(_("Please give the start and the end."))
    not_before(ends_on, starts_on, "ends_on", _("The end cannot lie before the start."))
    if places is not None and places < 1:
        raise ValidationError({"places": _("At least one place, please.")})
    measure = Measure.objects.create(
        title=title,
        provider=provider,
        type=type,
        funding_source=funding_source,
        starts_on=starts_on,
        ends_on=ends_on,
        places=places,
    )
    audit.record(
        "case.measure.created",
        actor=actor,
        obj=measure,
        organisation=provider,
        detail={"title": title},
    )
    return measure


@transaction.atomic
def enrollment_add(*, actor, case, measure, note="") -> Enrollment:
    """Enrol the person in a measure (planned)."""
    policy.require(actor, "case.write", case)
    require_open(case)
    max_length(note, 500, "note")
    if Enrollment.objects.filter(
        case=case,
        measure=measure,
        state__in=[EnrollmentState.PLANNED, EnrollmentState.ONGOING],
    ).exists():
        raise ValidationError({"measure": _("The person is enrolled in this measure already.")})
    enrollment = Enrollment.objects.create(case=case, measure=measure, note=note or "")
    audit.record(
        "case.enrollment.added",
        actor=actor,
        obj=case,
        detail={"enrollment": enrollment.pk, "measure": measure.pk},
    )
    return enrollment


@transaction.atomic
def enrollment_transition(
    *,
    actor,
    enrollment,
    state,
    on: dt.date,
    certificate="",
    qualification_gained=False,
    note="",
) -> Enrollment:
    """Start, complete or abort an enrolment on date `on`; a completed one may name the
    certificate and whether a qualification was gained."""
    case = enrollment.case
    policy.require(actor, "case.write", case)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    check_transition(ENROLLMENT_TRANSITIONS, EnrollmentState, enrollment.state, state)
    if on is None:
        raise ValidationError({"on": _("Please give the date.")})
    not_in_future(on, "on")
    not_before_case(on, case, "on")
    max_length(certificate, 200, "certificate")
    max_length(note, 500, "note")
    if state != EnrollmentState.COMPLETED and (certificate or qualification_gained):
        raise ValidationError(
            {"certificate": _("Only a completed enrolment gives a certificate or qualification.")}
        )
    before = enrollment.state
    fields = ["state"]
    if state == EnrollmentState.ONGOING:
        enrollment.started_on = on
        fields.append("started_on")
    else:
        not_before(on, enrollment.started_on, "on", _("The end cannot lie before the start."))
        enrollment.ended_on = on
        fields.append("ended_on")
    if state == EnrollmentState.COMPLETED:
        enrollment.certificate = certificate or ""
        enrollment.qualification_gained = bool(qualification_gained)
        fields += ["certificate", "qualification_gained"]
    if note:
        enrollment.note = note
        fields.append("note")
    enrollment.state = state
    enrollment.save(update_fields=fields)
    audit.record(
        "case.enrollment.transition",
        actor=actor,
        obj=case,
        detail={"enrollment": enrollment.pk, "from": before, "to": state, "on": str(on)},
    )
    return enrollment
