"""Each demo person's story, from registration to the stage they have reached."""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from inprocedere.cases.models import (
    Case,
    EmploymentStatus,
    Enrollment,
    Exit,
    FollowUp,
    Goal,
    Measure,
    NeedsAssessment,
    Placement,
    Referral,
    ReferralTransition,
    StatusOnLeaving,
)
from inprocedere.cases.workflows import CaseStatus, EnrollmentState, ReferralState
from inprocedere.core import audit, derived
from inprocedere.core.partial_dates import PartialDate
from inprocedere.network import demo_data
from inprocedere.network.models import FundingPeriod, Organisation, Position, SubProject
from inprocedere.participants.models import (
    ExternalIdentifier,
    Participant,
)

from .data import DATA, REF_PREFIX, TEXTS
from .records import (
    activities,
    backdate,
    benefits,
    consent,
    handover,
    residence_history,
    shared_with_the_job_centre,
    transition,
)


@dataclass
class _Demo:
    """What every story needs: the desks, the periods, the measures, today."""

    positions: dict
    periods: dict
    measures: list
    today: dt.date
    now: dt.datetime
    rng: random.Random


def _positions():
    keyed = {}
    for key, org_slug, title, *_ in demo_data.POSITIONS:
        keyed[key] = Position.objects.select_related("organisation").get(
            organisation__slug=org_slug, title=title
        )
    return keyed


@transaction.atomic
def seed_demo_cases() -> int:
    if ExternalIdentifier.objects.filter(value__startswith=REF_PREFIX).exists():
        return 0
    today, now = timezone.localdate(), timezone.now()
    demo = _Demo(
        positions=_positions(),
        periods={slug: FundingPeriod.objects.get(slug=slug) for slug in ("fp2", "fp3")},
        measures=[_measure(record, today) for record in DATA["measures"]],
        today=today,
        now=now,
        rng=random.Random(2009),  # noqa: S311 - reproducible demo data, not security
    )
    stages = [stage for stage, count in DATA["stages"].items() for _ in range(count)]
    for number, stage in enumerate(stages, start=1):
        _story(demo, number, stage)
    backdate(now)
    shared_with_the_job_centre(today)
    derived.refresh(None)  # search text, duplicate keys, ...
    audit.record(
        "system.demo.cases_seeded",
        actor_label="inprocedere demo",
        detail={"participants": len(stages)},
    )
    return len(stages)


def _measure(record, today):
    start = record["start_offset_days"]
    return Measure.objects.create(
        title=record["title"],
        provider=Organisation.objects.get(slug=record["provider"]),
        type=record["type"],
        funding_source=record["funding_source"],
        starts_on=today + dt.timedelta(days=start),
        ends_on=today + dt.timedelta(days=start + record["length_days"]),
        places=12,
    )


def _story(demo, number, stage):
    """One person from registration to the stage they have reached."""
    regions = list(DATA["region_desks"])
    region = regions[number % len(regions)]
    desks = DATA["region_desks"][region]
    authority, carrier = demo.positions[desks["authority"]], demo.positions[desks["carrier"]]
    historic = stage == "followed_up"  # the slides' years; the others run now
    person = DATA["people"][(number - 1) % len(DATA["people"])]
    participant = _participant(demo, number, person, authority, historic)
    referral, sent_at = _referral(demo, number, stage, participant, authority, carrier, historic)
    if stage in ("sent", "overdue"):
        return
    if stage == "declined":
        transition(referral, ReferralState.DECLINED, carrier, TEXTS["declined"])
        return
    transition(referral, ReferralState.ACCEPTED, carrier, TEXTS["accepted"])
    first = (
        (sent_at + dt.timedelta(days=7))
        if stage != "accepted"
        else demo.now + dt.timedelta(days=demo.rng.randint(2, 10))
    )
    Referral.unrestricted.filter(pk=referral.pk).update(
        first_appointment=first, state=ReferralState.ACCEPTED
    )
    if stage == "accepted":
        return
    entry = (sent_at + dt.timedelta(days=10)).date()
    case = _case(demo, participant, referral, authority, carrier, region, historic, entry)
    until = entry + dt.timedelta(days=300) if stage in ("exited", "followed_up") else demo.today
    last = activities(case, carrier, entry, demo.rng, until)
    _plan(demo, case, carrier, entry, stage, person)
    Case.unrestricted.filter(pk=case.pk).update(last_contact_on=last)
    _outcome(demo, number, stage, case, entry, historic)
    if stage == "handed_over" and desks["jobcentre"]:
        handover(case, carrier, demo.positions[desks["jobcentre"]], demo.today, demo.now)
    if stage in ("exited", "followed_up"):
        _exit(demo, number, stage, case, entry)


def _participant(demo, number, person, authority, historic):
    rng, gender = demo.rng, person["gender"]
    given = person["given_names"]
    if number > len(DATA["people"]):  # a second, different person of a similar background
        given = DATA["second_person_given_names"][gender]
    young = number % 7 == 0
    born = (
        PartialDate(rng.randint(2003, 2006), rng.randint(1, 12), rng.randint(1, 28))
        if young
        else PartialDate(rng.randint(1968, 1995), *((rng.randint(1, 12),) if number % 3 else ()))
    )
    office = Organisation.objects.get(pk=authority.organisation_id)
    participant = Participant.unrestricted.create(
        family_name=person["family_name"],
        given_names=given,
        birth_date=born,
        gender=gender,
        citizenships=[person["citizenship"]] if number % 11 else [],
        stateless=number % 11 == 0,
        languages=person["languages"],
        postcode=office.postcode,
        municipality=office.city,
        minor_children=rng.choice([0, 0, 1, 2, 3]),
        foreign_background="yes",
        disability=rng.choice(["no", "no", "no", "yes", "declined"]),
        minority=rng.choice(["no", "no", "yes", "declined"]),
        registered_by=authority.organisation,
    )
    ExternalIdentifier.objects.create(
        participant=participant,
        organisation=authority.organisation,
        kind=ExternalIdentifier.Kind.FILE_NUMBER,
        value=f"{REF_PREFIX}{number:03d}",
    )
    residence_history(participant, authority.organisation, historic, young, rng, demo.today)
    benefits(participant, historic, rng, demo.today)
    return participant


def _referral(demo, number, stage, participant, authority, carrier, historic):
    rng = demo.rng
    if historic:
        sent_at = dt.datetime(2011, rng.randint(1, 12), rng.randint(1, 28), 10, tzinfo=dt.UTC)
    else:
        ages = {"sent": (1, 10), "overdue": (20, 40), "exited": (450, 600)}
        sent_at = demo.now - dt.timedelta(days=rng.randint(*ages.get(stage, (30, 400))))
    if number % 8:  # most, not all, have consented; the rest show up as "not counted"
        consent(participant, authority, carrier, sent_at.date())
    referral = Referral.unrestricted.create(
        participant=participant,
        from_position=authority,
        to_organisation=carrier.organisation,
        to_position=carrier,
        reason=TEXTS["referral_reason"],
        goals=TEXTS["referral_goals"],
        urgency="urgent" if number % 9 == 0 else "normal",
    )
    Referral.unrestricted.filter(pk=referral.pk).update(created_at=sent_at)
    ReferralTransition.objects.create(
        referral=referral, to_state=ReferralState.SENT, position=authority
    )
    return referral, sent_at


def _case(demo, participant, referral, authority, carrier, region, historic, entry):
    period = demo.periods["fp2" if historic else "fp3"]
    case = Case.unrestricted.create(
        participant=participant,
        owner_organisation=carrier.organisation,
        owner_position=carrier,
        esf_entry_date=entry,
        funding_period=period,
        subproject=SubProject.objects.filter(
            organisation=carrier.organisation,
            region__slug=region,
            funding_period=period,
            side="carrier",
        ).first(),
        employment_status_at_entry=demo.rng.choice(list(EmploymentStatus.values)[:3]),
        isced_at_entry=demo.rng.choice([1, 2, 2, 3, 3, 4, 6]),
        rural=region in ("germersheim", "landau-suew"),
    )
    case.team.add(authority)
    transition(referral, ReferralState.INTAKE_DONE, carrier, TEXTS["intake_done"])
    Referral.unrestricted.filter(pk=referral.pk).update(state=ReferralState.INTAKE_DONE, case=case)
    return case


def _plan(demo, case, carrier, entry, stage, person):
    """The needs assessment and the two goals of every case."""
    rng = demo.rng
    NeedsAssessment.objects.create(
        case=case,
        assessed_on=entry + dt.timedelta(days=14),
        position=carrier,
        languages=[
            {"language": person["languages"][0], "level": "native"},
            {"language": "de", "level": rng.choice(["A1", "A2", "B1"])},
        ],
        schooling_years=rng.randint(4, 12),
        isced_level=case.isced_at_entry,
        qualifications=[
            {
                "title": rng.choice(DATA["qualification_titles"]),
                "country": person["citizenship"] or "",
                "recognition": rng.choice(["none", "partial", "pending"]),
            }
        ],
        work_experience=TEXTS["work_experience"],
        driving_licence=rng.choice(["", "B"]),
        childcare_needed=case.participant.minor_children > 0,
    )
    for goal in DATA["goals"]:
        Goal.objects.create(
            case=case,
            text=goal["text"],
            due_on=entry + dt.timedelta(days=goal["due_after_days"]),
            status="reached" if stage in goal["reached_in"] else "open",
        )


def _outcome(demo, number, stage, case, entry, historic):
    """The measure attended and the job found, for the stages that reached them."""
    rng, today = demo.rng, demo.today
    if stage in ("measure", "placed", "exited", "followed_up", "handed_over"):
        measure = demo.measures[number % len(demo.measures)]
        done = stage != "measure"
        Enrollment.objects.create(
            case=case,
            measure=measure,
            state=EnrollmentState.COMPLETED if done else EnrollmentState.ONGOING,
            started_on=min(measure.starts_on, today)
            if not historic
            else entry + dt.timedelta(days=30),
            ended_on=(measure.ends_on if not historic else entry + dt.timedelta(days=200))
            if done
            else None,
            certificate="Teilnahmebescheinigung" if done else "",
            qualification_gained=done and number % 2 == 0,
        )
    if stage in ("placed", "followed_up"):
        Placement.objects.create(
            case=case,
            type=rng.choice(["employment", "employment", "vocational_training", "marginal"]),
            employer=rng.choice(DATA["employers"]),
            starts_on=(today - dt.timedelta(days=rng.randint(10, 90)))
            if not historic
            else entry + dt.timedelta(days=250),
            weekly_hours=rng.choice([20, 30, 39]),
            secures_livelihood=number % 2 == 0,
        )


def _exit(demo, number, stage, case, entry):
    rng = demo.rng
    exit_date = entry + dt.timedelta(days=320)
    Exit.objects.create(
        case=case,
        exit_date=exit_date,
        reason="placed"
        if stage == "followed_up"
        else rng.choice(["goals_reached", "moved_away", "no_contact"]),
        status_upon_leaving=StatusOnLeaving.EMPLOYED
        if stage == "followed_up"
        else rng.choice(["job_searching", "education_training", "inactive"]),
        qualification_gained=number % 2 == 0,
    )
    Case.unrestricted.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    follow = FollowUp.objects.create(case=case, due_on=exit_date + dt.timedelta(days=183))
    if stage == "followed_up":
        follow.done_on = follow.due_on + dt.timedelta(days=5)
        follow.status = StatusOnLeaving.EMPLOYED
        follow.situation_improved = True
        follow.save()
