"""The records around a demo story: consent, residence and benefit history, activities, handover."""

import datetime as dt

from inprocedere.cases.models import (
    Activity,
    Case,
    Goal,
    Referral,
    ReferralTransition,
)
from inprocedere.cases.workflows import CaseStatus, ReferralState
from inprocedere.network.models import Position
from inprocedere.participants.models import (
    BenefitPeriod,
    ResidenceStatus,
    ResidenceStatusType,
    WorkEndorsement,
)
from inprocedere.privacy.models import Consent

from .data import DATA, TEXTS


def _status_type(code):
    return ResidenceStatusType.objects.filter(code=code).order_by("-valid_from").first()


def consent(participant, authority, carrier, signed_on):
    consent = Consent.unrestricted.create(
        participant=participant,
        categories=["identity", "contact", "residence", "benefits", "education_work"],
        purposes=["referral", "case_conference", "placement", "esf_monitoring"],
        form="written",
        form_version="2024-1",
        signed_on=signed_on - dt.timedelta(days=1),
        recording_organisation=authority.organisation,
    )
    consent.recipients.set([authority.organisation, carrier.organisation])


def shared_with_the_job_centre(today, count=2):
    """Two ProfeS cases the job centre works on under the person's consent to it (identity,
    benefits, education and work; joint counselling): what consent-bound sharing looks
    like for the job centre's officer (other categories and confidential notes hidden)."""
    jobcentre = Position.objects.get(
        organisation__slug="jc-germersheim", title="Fallmanagement Migration"
    )
    cases = (
        Case.unrestricted.filter(owner_organisation__slug="profes", status=CaseStatus.ACTIVE)
        .exclude(participant__cases__owner_organisation=jobcentre.organisation)
        .order_by("pk")[:count]
    )
    for case in cases:
        case.team.add(jobcentre)
        consent = Consent.unrestricted.create(
            participant=case.participant,
            categories=["identity", "benefits", "education_work"],
            purposes=["counselling", "case_conference"],
            form="written",
            form_version="2024-1",
            signed_on=today - dt.timedelta(days=20),
            recording_organisation=case.owner_organisation,
        )
        consent.recipients.set([jobcentre.organisation])


def backdate(now):
    """Give the records the dates their story implies (auto_now_add stamped them today)."""
    for referral in Referral.unrestricted.prefetch_related("transitions"):
        if referral.kind == Referral.Kind.HANDOVER:
            Referral.unrestricted.filter(pk=referral.pk).update(
                created_at=now - dt.timedelta(days=40)
            )
            referral.created_at = now - dt.timedelta(days=40)
        for step, transition in enumerate(referral.transitions.all()):
            ReferralTransition.objects.filter(pk=transition.pk).update(
                at=referral.created_at + dt.timedelta(days=3 * step)
            )
    for case in Case.unrestricted.select_related("handed_over_from"):
        if case.handed_over_from_id:
            opened = now - dt.timedelta(days=34)
        else:
            opened = dt.datetime.combine(case.esf_entry_date, dt.time(9), tzinfo=dt.UTC)
        Case.unrestricted.filter(pk=case.pk).update(opened_at=opened)
        Goal.objects.filter(case=case).update(created_at=opened + dt.timedelta(days=14))


def transition(referral, state, position, note):
    ReferralTransition.objects.create(
        referral=referral, from_state=referral.state, to_state=state, position=position, note=note
    )
    referral.state = state
    Referral.unrestricted.filter(pk=referral.pk).update(
        state=state, feedback=note if state == ReferralState.DECLINED else ""
    )


def activities(case, position, entry, rng, until):
    day, last = entry, entry
    kinds = list(Activity.Kind.values)
    while day < until and day < entry + dt.timedelta(days=360):
        Activity.objects.create(
            case=case,
            kind=rng.choice(kinds[:4]),
            date=day,
            duration_minutes=rng.choice([45, 60, 90, 120]),
            topics=rng.sample(DATA["activity_topics"], 2),
            note=TEXTS["activity_note"],
            confidential=rng.random() < 0.15,
            position=position,
        )
        last = day
        day += dt.timedelta(days=rng.randint(14, 35))
    return last


def handover(case, carrier, jobcentre, today, now):
    referral = Referral.unrestricted.create(
        participant=case.participant,
        kind=Referral.Kind.HANDOVER,
        from_position=carrier,
        to_organisation=jobcentre.organisation,
        to_position=jobcentre,
        reason="Aufenthaltserlaubnis erteilt, SGB-II-berechtigt: Übergabe an das Jobcenter.",
        goals="Feststellung des Qualifizierungsbedarfs und Förderung.",
        case=case,
    )
    ReferralTransition.objects.create(
        referral=referral, to_state=ReferralState.SENT, position=carrier
    )
    transition(referral, ReferralState.ACCEPTED, jobcentre, "Übernahme zugesagt.")
    new_case = Case.unrestricted.create(
        participant=case.participant,
        owner_organisation=jobcentre.organisation,
        owner_position=jobcentre,
        esf_entry_date=case.esf_entry_date,
        funding_period=case.funding_period,
        handed_over_from=case,
        employment_status_at_entry=case.employment_status_at_entry,
        isced_at_entry=case.isced_at_entry,
    )
    new_case.team.add(carrier)
    case.team.add(jobcentre)
    transition(referral, ReferralState.INTAKE_DONE, jobcentre, "Fall übernommen.")
    Referral.unrestricted.filter(pk=referral.pk).update(state=ReferralState.INTAKE_DONE)
    Case.unrestricted.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    BenefitPeriod.objects.filter(participant=case.participant, valid_until__isnull=True).update(
        valid_until=today - dt.timedelta(days=30)
    )
    BenefitPeriod.objects.create(
        participant=case.participant,
        system="sgb2",
        agency=jobcentre.organisation,
        valid_from=today - dt.timedelta(days=29),
    )


def residence_history(participant, authority, historic, young, rng, today):
    def add(code, start, end, **extra):
        status_type = _status_type(code)
        ResidenceStatus.objects.create(
            participant=participant,
            status_type=status_type,
            paragraph=status_type.paragraph,
            absatz=status_type.absatz,
            satz=status_type.satz,
            valid_from=start,
            valid_until=end,
            issuing_authority=authority,
            **extra,
        )

    if historic:
        add(
            "duldung",
            dt.date(2001 + rng.randint(0, 3), rng.randint(1, 12), 1),
            dt.date(2007, 9, 30),
            work_endorsement=WorkEndorsement.WITH_PERMISSION,
            residence_obligation="Land Rheinland-Pfalz",
        )
        for record in DATA["historic_residence"]:
            record = dict(record)
            add(
                record.pop("type"),
                dt.date.fromisoformat(record.pop("valid_from")),
                dt.date.fromisoformat(record.pop("valid_until")),
                **record,
            )
        return
    kind = rng.choice(["duldung", "duldung", "duldung", "gestattung", "25-5", "104c"])
    start = today - dt.timedelta(days=rng.randint(400, 2500))
    if young:
        add(
            "duldung",
            start,
            today - dt.timedelta(days=200),
            work_endorsement=WorkEndorsement.WITH_PERMISSION,
        )
        add(
            "25a",
            today - dt.timedelta(days=199),
            today + dt.timedelta(days=rng.randint(20, 700)),
            work_endorsement=WorkEndorsement.GAINFUL_PERMITTED,
        )
    elif kind == "104c":
        add(
            "duldung",
            start,
            today - dt.timedelta(days=400),
            work_endorsement=WorkEndorsement.WITH_PERMISSION,
        )
        add(
            "104c",
            today - dt.timedelta(days=399),
            today - dt.timedelta(days=399) + dt.timedelta(days=548),
            work_endorsement=WorkEndorsement.GAINFUL_PERMITTED,
        )
    else:
        add(
            kind,
            start,
            today + dt.timedelta(days=rng.choice([25, 60, 85, 120, 180, 300])),
            work_endorsement=WorkEndorsement.WITH_PERMISSION
            if kind != "25-5"
            else WorkEndorsement.GAINFUL_PERMITTED,
            residence_obligation="Landkreis" if kind != "25-5" else "",
        )


def benefits(participant, historic, rng, today):
    if historic:
        for record in DATA["historic_benefits"]:
            BenefitPeriod.objects.create(
                participant=participant,
                system=record["system"],
                valid_from=dt.date.fromisoformat(record["valid_from"]),
                valid_until=dt.date.fromisoformat(record["valid_until"]),
            )
        return
    BenefitPeriod.objects.create(
        participant=participant,
        system=rng.choice(["asylblg_3", "asylblg_2", "asylblg_2", "sgb2"]),
        valid_from=today - dt.timedelta(days=rng.randint(100, 1500)),
    )
