"""Demo case work: ~60 fictional participants across the five regions in every stage.

Seeded directly (like the network demo) so it does not depend on the order in which
services evolve; deterministic (a fixed random seed), idempotent (skipped when the demo
participants exist). Dates are relative to today, except the historical cohort, whose
residence histories follow the slides' years: Duldung → § 104a auf Probe (until
31.12.2009) → § 23 Abs. 1 after the IMK decision of 4.12.2009.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from inprocedere.cases.models import (
    Activity,
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
    BenefitPeriod,
    ExternalIdentifier,
    Participant,
    ResidenceStatus,
    ResidenceStatusType,
    WorkEndorsement,
)
from inprocedere.privacy.models import Consent

REF_PREFIX = "DEMO-"

# region: (authority position key, carrier position key, job-centre position key or None)
REGION_DESKS = {
    "bad-kreuznach": ("kh-abh-lead", "dw-kh", "jc-kh"),
    "ludwigshafen": ("lu-abh", "apa-lu", None),
    "germersheim": ("ger-abh", "profes-ger", "jc-ger"),
    "landau-suew": ("arge-fm", "profes-ld", "jc-ld"),
    "neustadt": ("arge-fm", "profes-ld", "jc-nw"),
}

PEOPLE = [  # given names, family name, gender, citizenship, languages
    ("Ahmad", "Haidari", "man", "AF", ["fa", "ps"]),
    ("Mariam", "Sultani", "woman", "AF", ["fa"]),
    ("Mohammed", "Al-Hassan", "man", "SY", ["ar"]),
    ("Amal", "Khalil", "woman", "SY", ["ar", "ku"]),
    ("Dilan", "Aydin", "woman", "TR", ["ku", "tr"]),
    ("Berhane", "Tesfay", "man", "ER", ["ti"]),
    ("Senait", "Gebremedhin", "woman", "ER", ["ti", "ar"]),
    ("Fatima", "Haidari", "woman", "AF", ["fa"]),
    ("Yusuf", "Omar", "man", "SO", ["so"]),
    ("Hawa", "Abdi", "woman", "SO", ["so", "en"]),
    ("Bajram", "Krasniqi", "man", "XK", ["sq", "sr"]),
    ("Mirela", "Berisha", "woman", "XK", ["sq"]),
    ("Dragan", "Nikolić", "man", "RS", ["sr"]),
    ("Samira", "Jashari", "woman", "MK", ["sq", "mk"]),
    ("Hussein", "Rahimi", "man", "IQ", ["ar", "ku"]),
    ("Layla", "Nouri", "woman", "IQ", ["ar"]),
    ("Reza", "Ahmadi", "man", "IR", ["fa"]),
    ("Shirin", "Moradi", "woman", "IR", ["fa", "en"]),
    ("Abdelrahman", "Saleh", "man", "SD", ["ar"]),
    ("Amina", "Ibrahim", "woman", "SD", ["ar"]),
    ("Kofi", "Mensah", "man", "GH", ["en"]),
    ("Grace", "Okafor", "woman", "NG", ["en"]),
    ("Tigist", "Alemu", "woman", "ET", ["am"]),
    ("Dawit", "Bekele", "man", "ET", ["am", "en"]),
    ("Arash", "Karimi", "man", "AF", ["fa"]),
    ("Zahra", "Hosseini", "woman", "AF", ["fa"]),
    ("Omar", "Darwish", "man", "PS", ["ar"]),
    ("Nour", "Haddad", "woman", "LB", ["ar", "fr"]),
    ("Idris", "Barzani", "man", "IQ", ["ku", "ar"]),
    ("Rojin", "Ali", "non_binary", "SY", ["ku"]),
]

MEASURES = [  # title, provider, type, funding, start offset (days), length (days)
    ("Deutschkurs B1 mit Berufsbezug", "dw", "language_course", "esf", -200, 240),
    (
        "Qualifizierung Lager und Logistik mit Staplerschein",
        "profes",
        "qualification",
        "esf",
        -120,
        150,
    ),
    ("Betriebspraktikum Pflegehilfe", "profes", "internship", "sgb2_16", -60, 90),
    ("Bewerbungstraining kompakt", "auslaenderpfarramt", "application_training", "esf", -30, 20),
    ("Deutschkurs A2 (Integrationskurs-Vorbereitung)", "profes", "language_course", "esf", 20, 180),
]

# stage: how many of the ~60 participants are in it
STAGES = [
    ("sent", 6),
    ("overdue", 3),
    ("declined", 2),
    ("accepted", 4),
    ("counselling", 13),
    ("measure", 11),
    ("placed", 7),
    ("handed_over", 3),
    ("exited", 5),
    ("followed_up", 6),
]


def _positions():
    keyed = {}
    for key, org_slug, title, *_ in demo_data.POSITIONS:
        keyed[key] = Position.objects.select_related("organisation").get(
            organisation__slug=org_slug, title=title
        )
    return keyed


def _status_type(code):
    return ResidenceStatusType.objects.filter(code=code).order_by("-valid_from").first()


@transaction.atomic
def seed_demo_cases() -> int:
    if ExternalIdentifier.objects.filter(value__startswith=REF_PREFIX).exists():
        return 0
    rng = random.Random(2009)  # noqa: S311 - reproducible demo data, not security
    today = timezone.localdate()
    now = timezone.now()
    positions = _positions()
    fp2 = FundingPeriod.objects.get(slug="fp2")
    fp3 = FundingPeriod.objects.get(slug="fp3")
    measures = [
        Measure.objects.create(
            title=title,
            provider=Organisation.objects.get(slug=provider),
            type=kind,
            funding_source=funding,
            starts_on=today + dt.timedelta(days=start),
            ends_on=today + dt.timedelta(days=start + length),
            places=12,
        )
        for title, provider, kind, funding, start, length in MEASURES
    ]
    stages = [stage for stage, count in STAGES for _ in range(count)]
    regions = list(REGION_DESKS)
    for number, stage in enumerate(stages, start=1):
        given, family, gender, country, languages = PEOPLE[(number - 1) % len(PEOPLE)]
        if number > len(PEOPLE):  # a second, different person of a similar background
            given = {"man": "Karim", "woman": "Leila", "non_binary": "Sam"}[gender]
        region = regions[number % len(regions)]
        authority_key, carrier_key, jobcentre_key = REGION_DESKS[region]
        authority, carrier = positions[authority_key], positions[carrier_key]
        historic = stage == "followed_up"  # the slides' years; the others run now
        young = number % 7 == 0
        born = (
            PartialDate(rng.randint(2003, 2006), rng.randint(1, 12), rng.randint(1, 28))
            if young
            else PartialDate(
                rng.randint(1968, 1995), *((rng.randint(1, 12),) if number % 3 else ())
            )
        )
        participant = Participant.unrestricted.create(
            family_name=family,
            given_names=given,
            birth_date=born,
            gender=gender,
            citizenships=[country] if number % 11 else [],
            stateless=number % 11 == 0,
            languages=languages,
            postcode=Organisation.objects.get(pk=authority.organisation_id).postcode,
            municipality=Organisation.objects.get(pk=authority.organisation_id).city,
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
        _residence_history(participant, authority.organisation, historic, young, rng, today)
        _benefits(participant, historic, rng, today)

        if historic:
            sent_at = dt.datetime(2011, rng.randint(1, 12), rng.randint(1, 28), 10, tzinfo=dt.UTC)
        else:
            ages = {"sent": (1, 10), "overdue": (20, 40), "exited": (450, 600)}
            sent_at = now - dt.timedelta(days=rng.randint(*ages.get(stage, (30, 400))))
        if number % 8:  # most, not all, have consented; the rest show up as "not counted"
            _consent(participant, authority, carrier, sent_at.date())
        referral = Referral.unrestricted.create(
            participant=participant,
            from_position=authority,
            to_organisation=carrier.organisation,
            to_position=carrier,
            reason="Duldung, arbeitsmarktnah; Unterstützung bei Arbeitssuche und Sprache.",
            goals="Sprachniveau B1, Beschäftigung oder Ausbildung, Sicherung des Lebensunterhalts.",
            urgency="urgent" if number % 9 == 0 else "normal",
        )
        Referral.unrestricted.filter(pk=referral.pk).update(created_at=sent_at)
        ReferralTransition.objects.create(
            referral=referral, to_state=ReferralState.SENT, position=authority
        )
        if stage in ("sent", "overdue"):
            continue
        if stage == "declined":
            _transition(
                referral,
                ReferralState.DECLINED,
                carrier,
                "Keine freien Plätze im Teilprojekt; bitte an das Jobcenter wenden.",
            )
            continue
        _transition(referral, ReferralState.ACCEPTED, carrier, "Erstgespräch vereinbart.")
        first = (
            (sent_at + dt.timedelta(days=7))
            if stage != "accepted"
            else now + dt.timedelta(days=rng.randint(2, 10))
        )
        Referral.unrestricted.filter(pk=referral.pk).update(
            first_appointment=first, state=ReferralState.ACCEPTED
        )
        if stage == "accepted":
            continue
        entry = (sent_at + dt.timedelta(days=10)).date()
        case = Case.unrestricted.create(
            participant=participant,
            owner_organisation=carrier.organisation,
            owner_position=carrier,
            esf_entry_date=entry,
            funding_period=fp2 if historic else fp3,
            subproject=SubProject.objects.filter(
                organisation=carrier.organisation,
                region__slug=region,
                funding_period=fp2 if historic else fp3,
                side="carrier",
            ).first(),
            employment_status_at_entry=rng.choice(list(EmploymentStatus.values)[:3]),
            isced_at_entry=rng.choice([1, 2, 2, 3, 3, 4, 6]),
            rural=region in ("germersheim", "landau-suew"),
        )
        case.team.add(authority)
        _transition(referral, ReferralState.INTAKE_DONE, carrier, "Fallakte angelegt.")
        Referral.unrestricted.filter(pk=referral.pk).update(
            state=ReferralState.INTAKE_DONE, case=case
        )
        last = _activities(
            case,
            carrier,
            entry,
            rng,
            entry + dt.timedelta(days=300) if stage in ("exited", "followed_up") else today,
        )
        NeedsAssessment.objects.create(
            case=case,
            assessed_on=entry + dt.timedelta(days=14),
            position=carrier,
            languages=[
                {"language": languages[0], "level": "native"},
                {"language": "de", "level": rng.choice(["A1", "A2", "B1"])},
            ],
            schooling_years=rng.randint(4, 12),
            isced_level=case.isced_at_entry,
            qualifications=[
                {
                    "title": rng.choice(
                        ["Schneider/in", "Elektriker/in", "Koch/Köchin", "Fahrer/in"]
                    ),
                    "country": country or "",
                    "recognition": rng.choice(["none", "partial", "pending"]),
                }
            ],
            work_experience="Mehrjährige Berufserfahrung im Herkunftsland.",
            driving_licence=rng.choice(["", "B"]),
            childcare_needed=participant.minor_children > 0,
        )
        Goal.objects.create(
            case=case,
            text="Deutsch auf Niveau B1",
            due_on=entry + dt.timedelta(days=270),
            status="reached" if stage in ("placed", "exited", "followed_up") else "open",
        )
        Goal.objects.create(
            case=case,
            text="Sozialversicherungspflichtige Beschäftigung",
            due_on=entry + dt.timedelta(days=365),
            status="reached" if stage in ("placed", "followed_up") else "open",
        )
        Case.unrestricted.filter(pk=case.pk).update(last_contact_on=last)
        if stage in ("measure", "placed", "exited", "followed_up", "handed_over"):
            measure = measures[number % len(measures)]
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
                employer=rng.choice(
                    [
                        "Logistikzentrum Germersheim GmbH",
                        "Pflegeheim St. Anna",
                        "Weingut Müller",
                        "Bäckerei Schmitt",
                    ]
                ),
                starts_on=(today - dt.timedelta(days=rng.randint(10, 90)))
                if not historic
                else entry + dt.timedelta(days=250),
                weekly_hours=rng.choice([20, 30, 39]),
                secures_livelihood=number % 2 == 0,
            )
        if stage == "handed_over" and jobcentre_key:
            _handover(case, carrier, positions[jobcentre_key], today, now)
        if stage in ("exited", "followed_up"):
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
    _backdate(now)
    _shared_with_the_job_centre(today)
    derived.refresh(None)  # search text, duplicate keys, ...
    audit.record(
        "system.demo.cases_seeded",
        actor_label="inprocedere demo",
        detail={"participants": len(stages)},
    )
    return len(stages)


def _consent(participant, authority, carrier, signed_on):
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


def _shared_with_the_job_centre(today, count=2):
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


def _backdate(now):
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


def _transition(referral, state, position, note):
    ReferralTransition.objects.create(
        referral=referral, from_state=referral.state, to_state=state, position=position, note=note
    )
    referral.state = state
    Referral.unrestricted.filter(pk=referral.pk).update(
        state=state, feedback=note if state == ReferralState.DECLINED else ""
    )


def _activities(case, position, entry, rng, until):
    day, last = entry, entry
    kinds = list(Activity.Kind.values)
    while day < until and day < entry + dt.timedelta(days=360):
        Activity.objects.create(
            case=case,
            kind=rng.choice(kinds[:4]),
            date=day,
            duration_minutes=rng.choice([45, 60, 90, 120]),
            topics=rng.sample(
                ["Sprache", "Bewerbung", "Aufenthalt", "Leistungen", "Anerkennung"], 2
            ),
            note="Gespräch zu den nächsten Schritten.",
            confidential=rng.random() < 0.15,
            position=position,
        )
        last = day
        day += dt.timedelta(days=rng.randint(14, 35))
    return last


def _handover(case, carrier, jobcentre, today, now):
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
    _transition(referral, ReferralState.ACCEPTED, jobcentre, "Übernahme zugesagt.")
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
    _transition(referral, ReferralState.INTAKE_DONE, jobcentre, "Fall übernommen.")
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


def _residence_history(participant, authority, historic, young, rng, today):
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
        add(
            "104a-probe",
            dt.date(2007, 10, 1),
            dt.date(2009, 12, 31),
            on_probation=True,
            work_endorsement=WorkEndorsement.GAINFUL_PERMITTED,
        )
        add(
            "23-1-imk",
            dt.date(2010, 1, 1),
            dt.date(2011, 12, 31),
            on_probation=True,
            work_endorsement=WorkEndorsement.GAINFUL_PERMITTED,
        )
        add(
            "25-5",
            dt.date(2012, 1, 1),
            dt.date(2014, 12, 31),
            work_endorsement=WorkEndorsement.GAINFUL_PERMITTED,
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


def _benefits(participant, historic, rng, today):
    if historic:
        BenefitPeriod.objects.create(
            participant=participant,
            system="asylblg_3",
            valid_from=dt.date(2004, 1, 1),
            valid_until=dt.date(2007, 9, 30),
        )
        BenefitPeriod.objects.create(
            participant=participant,
            system="sgb2",
            valid_from=dt.date(2007, 10, 1),
            valid_until=dt.date(2013, 12, 31),
        )
        return
    BenefitPeriod.objects.create(
        participant=participant,
        system=rng.choice(["asylblg_3", "asylblg_2", "asylblg_2", "sgb2"]),
        valid_from=today - dt.timedelta(days=rng.randint(100, 1500)),
    )
