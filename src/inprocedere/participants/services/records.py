"""The participant's records over time: residence statuses, work-permit applications and
benefit periods. Status types come from versioned reference data, never from code."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.core.models import AuditEntry
from inprocedere.core.versioning import StaleEdit, changed_values
from inprocedere.privacy import policy

from ..models import BenefitPeriod, ResidenceStatus, ResidenceStatusType, WorkPermitApplication
from ._common import check_period, full_clean

RESIDENCE_FIELDS = (
    "status_type",
    "paragraph",
    "absatz",
    "satz",
    "valid_from",
    "valid_until",
    "on_probation",
    "work_endorsement",
    "residence_obligation",
    "issuing_authority",
    "document_number",
)
WORK_PERMIT_FIELDS = (
    "applied_on",
    "employer",
    "job",
    "hours_per_week",
    "hourly_wage",
    "sent_to_agency_on",
    "agency_decision",
    "agency_decided_on",
    "priority_check",
    "valid_until",
    "tied_to_employer",
    "ban_reason",
)
BENEFIT_FIELDS = ("system", "agency", "valid_from", "valid_until")
MAX_HOURS_PER_WEEK = 60


def _only(data: dict, allowed) -> dict:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    return data


def _fresh(record, version: int):
    """The stored record, locked, if nobody saved it since `version`; else StaleEdit.

    The row lock (PostgreSQL) or the write lock taken at BEGIN (SQLite, IMMEDIATE) makes
    concurrent saves queue here: the first saves, the others find a newer version. A
    failed update leaves the caller's instance untouched.
    """
    fresh = (
        type(record)
        .objects.select_for_update(of=("self",))
        .select_related("participant", "updated_by__person")
        .get(pk=record.pk)
    )
    if fresh.version != version:
        raise StaleEdit(fresh, _fields_changed_since(fresh, version))
    return fresh


UPDATED_ACTIONS = {
    ResidenceStatus: "participants.residence_status.updated",
    WorkPermitApplication: "participants.work_permit_application.updated",
    BenefitPeriod: "participants.benefit_period.updated",
}


def _fields_changed_since(record, version: int) -> list[str]:
    """The fields later saves changed, from their audit entries (kept on the participant)."""
    details = AuditEntry.objects.filter(
        object_type="participants.participant",
        object_id=str(record.participant_id),
        action=UPDATED_ACTIONS[type(record)],
    ).values_list("detail", flat=True)
    names: list[str] = []
    for detail in details:
        if detail.get("record") == record.pk and detail.get("version", 0) > version:
            names += [name for name in detail.get("changes", {}) if name not in names]
    return names


def _save_version(record, actor) -> None:
    record.version += 1
    record.updated_by = actor
    record.save()


def _d(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


# --- residence statuses -----------------------------------------------------------------


def resolve_status_type(status_type, valid_from: dt.date | None) -> ResidenceStatusType:
    """The version of a status type in force on `valid_from` (given a code or a type)."""
    code = status_type.code if isinstance(status_type, ResidenceStatusType) else status_type
    code = str(code or "").strip()
    if valid_from is None:
        raise ValidationError({"valid_from": _("Enter the date the status begins.")})
    in_force = ResidenceStatusType.objects.in_force(valid_from).filter(code=code)
    found = in_force.order_by("valid_from").last()
    if found is not None:
        return found
    versions = list(ResidenceStatusType.objects.filter(code=code).order_by("valid_from"))
    if not versions:
        raise ValidationError(
            {"status_type": _("Unknown residence status: %(code)s.") % {"code": code[:40]}}
        )
    first, last = versions[0], versions[-1]
    raise ValidationError(
        {
            "status_type": _(
                "“%(status)s” was not in force on %(date)s (in force %(from)s – %(until)s)."
            )
            % {
                "status": first.name,
                "date": _d(valid_from),
                "from": _d(first.valid_from),
                "until": _d(last.valid_until) if last.valid_until else _("today"),
            }
        }
    )


def _check_residence(status: ResidenceStatus) -> None:
    kind = status.status_type
    if kind.fixed_end and status.valid_until and status.valid_until > kind.fixed_end:
        raise ValidationError(
            {
                "valid_until": _("“%(status)s” ends on %(date)s at the latest.")
                % {"status": kind.name, "date": _d(kind.fixed_end)}
            }
        )
    if kind.max_months and status.valid_until:
        limit = _add_months(status.valid_from, kind.max_months)
        if status.valid_until > limit:
            raise ValidationError(
                {
                    "valid_until": _(
                        "“%(status)s” is granted for %(months)s months at most (until %(date)s)."
                    )
                    % {"status": kind.name, "months": kind.max_months, "date": _d(limit)}
                }
            )


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _fill_from_type(status: ResidenceStatus) -> None:
    """Paragraph, Absatz and Satz default to the type's; a fixed end date too."""
    kind = status.status_type
    if not status.paragraph:
        status.paragraph = kind.paragraph
        status.absatz = status.absatz or kind.absatz
        status.satz = status.satz or kind.satz
    if status.valid_until is None and kind.fixed_end:
        status.valid_until = kind.fixed_end


@transaction.atomic
def residence_status_add(*, actor, participant, status_type, valid_from, **data) -> ResidenceStatus:
    policy.require(actor, "participant.edit", participant)
    _only(data, RESIDENCE_FIELDS)
    status = ResidenceStatus(participant=participant, valid_from=valid_from, recorded_by=actor)
    status.status_type = resolve_status_type(status_type, valid_from)
    for name, value in data.items():
        setattr(status, name, "" if value is None and name not in _NULLABLE else value)
    _fill_from_type(status)
    check_period(status.valid_from, status.valid_until)
    full_clean(status)
    _check_residence(status)
    status.save()
    audit.record(
        "participants.residence_status.added",
        actor=actor,
        obj=participant,
        detail={"record": status.pk, "status_type": status.status_type.code},
    )
    return status


_NULLABLE = {"valid_until", "issuing_authority"}


@transaction.atomic
def residence_status_update(
    *, actor, status: ResidenceStatus, version: int, **data
) -> ResidenceStatus:
    policy.require(actor, "participant.edit", status.participant)
    _only(data, RESIDENCE_FIELDS)
    status = _fresh(status, version)
    before = {name: getattr(status, name) for name in RESIDENCE_FIELDS}
    valid_from = data.get("valid_from", status.valid_from)
    if "status_type" in data or "valid_from" in data:
        data["status_type"] = resolve_status_type(
            data.get("status_type", status.status_type), valid_from
        )
    for name, value in data.items():
        setattr(status, name, "" if value is None and name not in _NULLABLE else value)
    _fill_from_type(status)
    check_period(status.valid_from, status.valid_until)
    full_clean(status)
    _check_residence(status)
    _save_version(status, actor)
    changes = changed_values(_Snapshot(before), {n: getattr(status, n) for n in RESIDENCE_FIELDS})
    audit.record(
        "participants.residence_status.updated",
        actor=actor,
        obj=status.participant,
        detail={"record": status.pk, "version": status.version, "changes": changes},
    )
    return status


class _Snapshot:
    def __init__(self, values):
        self.__dict__.update(values)


# --- work-permit applications -----------------------------------------------------------


def _check_work_permit(application: WorkPermitApplication) -> None:
    errors = {}
    for name in ("sent_to_agency_on", "agency_decided_on", "valid_until"):
        value = getattr(application, name)
        if value and application.applied_on and value < application.applied_on:
            errors[name] = _("This date lies before the application date.")
    if (
        application.agency_decided_on
        and application.sent_to_agency_on
        and application.agency_decided_on < application.sent_to_agency_on
    ):
        errors["agency_decided_on"] = _("The decision lies before the day it was sent.")
    hours = application.hours_per_week
    if hours is not None and not 0 < hours <= MAX_HOURS_PER_WEEK:
        errors["hours_per_week"] = _("Enter between 0 and %(max)s hours a week.") % {
            "max": MAX_HOURS_PER_WEEK
        }
    if application.hourly_wage is not None and application.hourly_wage < 0:
        errors["hourly_wage"] = _("The wage cannot be negative.")
    if errors:
        raise ValidationError(errors)


def _apply(record, data: dict, nullable=()) -> None:
    for name, value in data.items():
        setattr(record, name, "" if value is None and name not in nullable else value)


_WORK_PERMIT_NULLABLE = {
    "hours_per_week",
    "hourly_wage",
    "sent_to_agency_on",
    "agency_decided_on",
    "valid_until",
}


@transaction.atomic
def work_permit_application_add(*, actor, participant, **data) -> WorkPermitApplication:
    policy.require(actor, "participant.edit", participant)
    _only(data, WORK_PERMIT_FIELDS)
    application = WorkPermitApplication(participant=participant)
    _apply(application, data, _WORK_PERMIT_NULLABLE)
    full_clean(application)
    _check_work_permit(application)
    application.save()
    audit.record(
        "participants.work_permit_application.added",
        actor=actor,
        obj=participant,
        detail={"record": application.pk},
    )
    return application


@transaction.atomic
def work_permit_application_update(
    *, actor, application: WorkPermitApplication, version: int, **data
) -> WorkPermitApplication:
    policy.require(actor, "participant.edit", application.participant)
    _only(data, WORK_PERMIT_FIELDS)
    application = _fresh(application, version)
    changes = changed_values(application, data)
    _apply(application, data, _WORK_PERMIT_NULLABLE)
    full_clean(application)
    _check_work_permit(application)
    _save_version(application, actor)
    audit.record(
        "participants.work_permit_application.updated",
        actor=actor,
        obj=application.participant,
        detail={"record": application.pk, "version": application.version, "changes": changes},
    )
    return application


# --- benefit periods --------------------------------------------------------------------


@transaction.atomic
def benefit_period_add(
    *, actor, participant, system, valid_from, valid_until=None, agency=None
) -> BenefitPeriod:
    policy.require(actor, "participant.edit", participant)
    period = BenefitPeriod(
        participant=participant,
        system=system or "",
        valid_from=valid_from,
        valid_until=valid_until,
        agency=agency,
    )
    check_period(period.valid_from, period.valid_until)
    full_clean(period)
    period.save()
    audit.record(
        "participants.benefit_period.added",
        actor=actor,
        obj=participant,
        detail={"record": period.pk, "system": period.system},
    )
    return period


@transaction.atomic
def benefit_period_update(*, actor, period: BenefitPeriod, version: int, **data) -> BenefitPeriod:
    policy.require(actor, "participant.edit", period.participant)
    _only(data, BENEFIT_FIELDS)
    period = _fresh(period, version)
    changes = changed_values(period, data)
    _apply(period, data, {"valid_until", "agency"})
    check_period(period.valid_from, period.valid_until)
    full_clean(period)
    _save_version(period, actor)
    audit.record(
        "participants.benefit_period.updated",
        actor=actor,
        obj=period.participant,
        detail={"record": period.pk, "version": period.version, "changes": changes},
    )
    return period
