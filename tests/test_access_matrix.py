"""Every page of the site × every persona: the expected status, in one table.

Adding a route without adding it here fails `test_every_route_is_in_the_matrix`, so no
page can ship without someone deciding who may open it. (API routes have their own
matrix in tests/api/test_access.py.)
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from inprocedere.network.models import Person, Position
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

EDITORS = {"coordinator", "administrator"}
ALL = set(PERSONAS)
CASE_ROLES = {"case_worker", "team_lead", "authority_officer", "jobcentre_officer"}
CARRIER = {"case_worker", "team_lead"}  # ProfeS, which owns the case in `_case_work`
REACH = CARRIER | {"authority_officer"}  # who works with the participant of `_case_work`

# name: (kwargs builder, who gets 200 on GET — everyone else signed in gets 403,
#        anonymous visitors: "login" (redirect to sign-in) or a status
#        [, who gets 404: signed in with the role, but the record is out of their reach])
MATRIX = {
    "home": (None, "redirect", "login"),
    "health": (None, ALL, 200),
    "accounts:login": (None, "redirect", 200),
    "accounts:logout": (None, "405", "405"),
    "accounts:otp_setup": (None, "redirect", "login"),  # a verified user goes to verify→home
    "accounts:otp_verify": (None, ALL, "login"),
    "accounts:password_change": (None, ALL, "login"),
    "accounts:token_list": (None, ALL, "login"),
    "accounts:token_revoke": ("token", "405", "login"),
    "network:directory": (None, ALL, "login"),
    "network:search": (None, ALL, "login"),
    "network:organisation_list": (None, ALL, "login"),
    "network:organisation_detail": ("org", ALL, "login"),
    "network:organisation_edit": ("org", EDITORS, "login"),
    "network:position_create": ("org", EDITORS, "login"),
    "network:position_detail": ("position", ALL, "login"),
    "network:position_edit": ("position", EDITORS, "login"),
    # a position of KV Germersheim: a team lead handles only their own organisation's
    "network:position_holders": ("position", EDITORS, "login", {"team_lead"}),
    "network:vacancies": (None, EDITORS | {"team_lead"}, "login"),
    "network:position_vcard": ("position", ALL, "login"),
    "network:person_list": (None, ALL, "login"),
    "network:person_create": (None, EDITORS, "login"),
    "network:person_detail": ("person", ALL, "login"),
    "network:person_edit": ("person", EDITORS, "login"),
    "network:person_vcard": ("person", ALL, "login"),
    "network:phone_list_pdf": (None, ALL, "login"),
    "network:phone_list_csv": (None, ALL, "login"),
    "network:phone_list_xlsx": (None, ALL, "login"),
    "network:phone_list_vcard": (None, ALL, "login"),
    "cases:my_work": (None, CASE_ROLES, "login"),
    "cases:referral_list": (None, CASE_ROLES, "login"),
    "cases:referral_create": (None, CASE_ROLES, "login"),
    # sent by KV Germersheim to ProfeS: both sides see it, the job centre does not
    "cases:referral_detail": (
        "referral",
        CARRIER | {"authority_officer"},
        "login",
        {"jobcentre_officer"},
    ),
    "cases:case_list": (None, CASE_ROLES, "login"),
    "cases:case_overview": (None, {"coordinator"}, "login"),  # pseudonymised
    "cases:case_detail": ("case", CARRIER, "login", CASE_ROLES - CARRIER),
    "cases:case_edit": ("case", CARRIER, "login", CASE_ROLES - CARRIER),
    # a chooser's search for case roles; asked without a purpose it finds nothing (404);
    # its scopes and the case's reach: tests/ui/test_chooser_search.py
    "cases:choose": ("choose", set(), "login", CASE_ROLES),
    "cases:case_timeline": ("case", CARRIER, "login", CASE_ROLES - CARRIER),
    "cases:person_summary": ("participant", REACH, "login", CASE_ROLES - REACH),
    "cases:measure_list": (None, CASE_ROLES, "login"),
    "cases:measure_create": (None, CASE_ROLES, "login"),
    # The participant of `_case_work`: registered by KV Germersheim, referred to ProfeS.
    # Personal data: everyone else gets 404, whatever their role.
    "participants:participant_list": (None, ALL, "login"),  # empty for roles without case work
    "participants:participant_create": (None, CASE_ROLES, "login"),
    **{
        f"participants:{name}": (kind, REACH, "login", ALL - REACH)
        for name, kind in (
            ("participant_detail", "participant"),
            ("participant_edit", "participant"),
            ("alias_create", "participant"),
            ("external_id_create", "participant"),
            ("residence_create", "participant"),
            ("benefit_create", "participant"),
            ("work_permit_create", "participant"),
            ("residence_edit", "residence"),
            ("benefit_edit", "benefit"),
            ("work_permit_edit", "work_permit"),
        )
    },
    "participants:alias_delete": ("alias", "405", "405"),
    # Consents of the participant of `_case_work`: who works with the person, else 404.
    **{
        f"privacy:{name}": (kind, REACH, "login", ALL - REACH)
        for name, kind in (
            ("consent_create", "participant"),
            ("consent_form", "participant"),
            ("consent_form_pdf", "participant"),
            ("consent_detail", "consent"),
            ("consent_scan", "consent_scan"),
        )
    },
    "privacy:consent_withdraw": ("consent", "405", "405"),
    # ESF report (range defaults to this year): coordinator, ministry (suppressed), team
    # leads; the participants behind a figure only for team leads (own organisation's).
    "reporting:esf": (None, {"coordinator", "ministry_reader", "team_lead"}, "login"),
    "reporting:esf_export": (None, {"coordinator", "ministry_reader", "team_lead"}, "login"),
    "reporting:esf_participants": (None, {"team_lead"}, "login"),
    # Network figures: the office, team leads and the ministry (suppressed) see the whole
    # network, the other case roles their own organisation's; the participants behind a
    # figure: case roles (their own organisation's cases). The cooperation monitor: the
    # office, team leads and the ministry (suppressed).
    "reporting:figures": (None, {"coordinator", "ministry_reader"} | CASE_ROLES, "login"),
    "reporting:figures_export": (None, {"coordinator", "ministry_reader"} | CASE_ROLES, "login"),
    "reporting:figure_participants": (None, CASE_ROLES, "login"),
    "reporting:monitor": (None, {"coordinator", "ministry_reader", "team_lead"}, "login"),
    "reporting:monitor_export": (None, {"coordinator", "ministry_reader", "team_lead"}, "login"),
    # A download written in the background for the team lead (reporting/jobs.py): only
    # its own user fetches it; everyone else lacks the permissions (403). Another user
    # who holds them gets 404: tests/reporting/test_export_jobs.py.
    "reporting:export_job": ("export_job", {"team_lead"}, "login"),
    "reporting:export_job_file": ("export_job", {"team_lead"}, "login"),
    # Duplicate review (tests/duplicates/fixtures.py: two people with cases at ProfeS):
    # reviewers are case workers and team leads; coordinator and DPO get figures only.
    "duplicates:pair_list": (None, CARRIER | {"coordinator", "dpo"}, "login"),
    "duplicates:pair_detail": ("pair", CARRIER, "login"),
    "duplicates:pair_resolve": ("pair", "405", "405"),
    "duplicates:cluster_merge": ("pair", "405", "405"),
    "duplicates:merge_list": (None, CARRIER, "login"),
    "duplicates:merge_detail": ("merge", CARRIER, "login"),
    "duplicates:merge_undo": ("merge", "405", "405"),
    # Cooperation (`_cooperation`): a consultation and a conference from ProfeS about the
    # case of `_case_work` to KV Germersheim; a network training chaired by ism.
    "cooperation:consultation_list": (None, CASE_ROLES, "login"),
    "cooperation:consultation_create": ("coop_case", CARRIER, "login", CASE_ROLES - CARRIER),
    "cooperation:consultation_detail": ("coop_consultation", REACH, "login", CASE_ROLES - REACH),
    "cooperation:conference_list": (None, CASE_ROLES, "login"),
    "cooperation:case_picker": (None, CASE_ROLES, "login"),
    "cooperation:conference_create": ("coop_case", CARRIER, "login", CASE_ROLES - CARRIER),
    "cooperation:conference_detail": ("coop_conference", REACH, "login", CASE_ROLES - REACH),
    "cooperation:conference_edit": ("coop_conference", CARRIER, "login", CASE_ROLES - CARRIER),
    "cooperation:conference_minutes_pdf": (
        "coop_conference",
        REACH,
        "login",
        CASE_ROLES - REACH,
    ),
    "cooperation:conference_ics": ("coop_conference", REACH, "login", CASE_ROLES - REACH),
    "cooperation:my_action_items": (None, CASE_ROLES, "login"),
    "cooperation:action_item_done": ("coop_action_item", "405", "405"),
    "cooperation:meeting_list": (None, ALL, "login"),
    "cooperation:meeting_create": (None, CASE_ROLES | {"coordinator"}, "login"),
    "cooperation:meeting_detail": ("coop_meeting", ALL, "login"),
    "cooperation:meeting_edit": ("coop_meeting", {"coordinator"}, "login", CASE_ROLES),
    "cooperation:meeting_minutes_pdf": ("coop_meeting", ALL, "login"),
    "cooperation:meeting_ics": ("coop_meeting", ALL, "login"),
    "cooperation:material_download": ("coop_material", ALL, "login"),
    "cooperation:calendar": (None, ALL, "login"),
    "cooperation:feed_list": (None, ALL, "login"),
    # a wrong calendar token: 404 for everyone, signed in or not
    "cooperation:feed": ("coop_feed", set(), 404, ALL),
    # Data subject's rights: the data-protection officer only (role: others 403); the
    # export and erasure pages show their forms and previews, the POST asks for a step-up.
    **{
        f"rights:{name}": (kind, {"dpo"}, "login")
        for name, kind in (
            ("dpo_home", None),
            ("retention_due", None),
            ("participant", "participant"),
            ("access_log", "participant"),
            ("access_log_csv", "participant"),
            ("access_log_xlsx", "participant"),
            ("subject_access", "participant"),
            ("erase", "participant"),
        )
    },
    "rights:pseudonymise": ("participant", "405", "405"),
    "rights:erasure_run_start": (None, "405", "405"),
    "accounts:step_up": (None, ALL, "login"),
    # Imports: team leads and case workers; a run is its uploader's (here the case worker).
    "imports:upload": (None, {"case_worker", "team_lead"}, "login"),
    "imports:run_detail": ("import_run", {"case_worker"}, "login", {"team_lead"}),
    "imports:run_commit": ("import_run", "405", "405"),
    "imports:run_discard": ("import_run", "405", "405"),
    "inbox:inbox": (None, ALL, "login"),
    "inbox:count": (None, ALL, "login"),
    "inbox:item_done": ("token", "405", "405"),
    "inbox:email_settings": (None, ALL, "login"),
}
# Django's own and third-party routes, covered by their projects' tests.
EXEMPT_NAMESPACES = {"admin", "api"}
EXEMPT_NAMES = {"set_language", "javascript-catalog"}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded scans go to a temporary folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.INPROCEDERE_EXPORT_DIR = tmp_path / "exports"


def _names(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in EXEMPT_NAMESPACES:
                continue
            yield from _names(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}"


def test_every_route_is_in_the_matrix():
    names = set(_names(get_resolver())) - EXEMPT_NAMES
    assert names - set(MATRIX) == set(), "add these routes to MATRIX"
    assert set(MATRIX) - names == set(), "routes in MATRIX that no longer exist"


def _kwargs(kind):
    if kind == "org":
        return {"slug": "kv-germersheim"}
    if kind == "position":
        return {"pk": Position.objects.filter(organisation__slug="kv-germersheim").first().pk}
    if kind == "person":
        return {"pk": Person.objects.get(family_name="Keller").pk}
    if kind in ("pair", "merge"):
        from tests.duplicates.fixtures import matrix_kwargs

        return matrix_kwargs(kind)
    if kind == "token":
        return {"pk": 1}
    if kind == "choose":
        return {"kind": "positions"}
    if kind == "import_run":
        return {"pk": _import_run().pk}
    if kind == "export_job":
        return {"pk": _export_job().pk}
    if kind and kind.startswith("coop_"):
        return _cooperation(kind)
    if kind in ("referral", "case"):
        return {"pk": _case_work()[kind].pk}
    if kind in ("consent", "consent_scan"):
        return {"pk": _consent(_case_work()["case"].participant, scan=kind == "consent_scan").pk}
    if kind in ("participant", "residence", "benefit", "work_permit", "alias"):
        participant = _case_work()["case"].participant
        if kind == "participant":
            return {"pk": participant.pk}
        return {"pk": participant.pk, "record_pk": _participant_record(participant, kind).pk}
    return {}


def _export_job():
    from django.contrib.auth import get_user_model

    from inprocedere.privacy.policy import actor_for
    from inprocedere.reporting import jobs
    from inprocedere.reporting.models import ExportJob

    user = get_user_model().objects.get(username="teamlead")
    job = ExportJob.objects.create(
        key="matrix",
        kind="esf_participants",
        format="csv",
        user=user,
        organisation_ids=sorted(actor_for(user).organisation_ids),
        status="done",
        active=False,
        file_name="matrix.csv",
    )
    jobs.path_of(job).parent.mkdir(parents=True, exist_ok=True)
    jobs.path_of(job).write_bytes(b"matrix\r\n")
    return job


def _import_run():
    from django.contrib.auth import get_user_model

    from inprocedere.imports.models import ImportRun
    from inprocedere.network.models import Organisation

    return ImportRun.objects.create(
        organisation=Organisation.objects.get(slug="profes"),
        created_by=get_user_model().objects.get(username="caseworker"),
        source="page",
        file_name="matrix.csv",
        status="invalid",
    )


def _participant_record(participant, kind):
    import datetime as dt

    from inprocedere.participants.models import (
        Alias,
        BenefitPeriod,
        ResidenceStatus,
        ResidenceStatusType,
        WorkPermitApplication,
    )

    start = dt.date(2024, 1, 1)
    if kind == "residence":
        status_type = ResidenceStatusType.objects.get(code="duldung")
        return ResidenceStatus.objects.create(
            participant=participant, status_type=status_type, valid_from=start
        )
    if kind == "benefit":
        return BenefitPeriod.objects.create(
            participant=participant, system="sgb2", valid_from=start
        )
    if kind == "work_permit":
        return WorkPermitApplication.objects.create(
            participant=participant, applied_on=start, employer="Matrix", job="Test"
        )
    return Alias.objects.create(participant=participant, family_name="Matriks")


def _consent(participant, *, scan):
    import datetime as dt

    from django.core.files.base import ContentFile

    from inprocedere.network.models import Organisation
    from inprocedere.privacy.models import Consent

    consent = Consent.objects.create(
        participant=participant,
        categories=["identity"],
        purposes=["referral"],
        signed_on=dt.date(2024, 1, 1),
        recording_organisation=Organisation.objects.get(slug="kv-germersheim"),
    )
    if scan:
        consent.scan.save("matrix.pdf", ContentFile(b"%PDF-1.4 matrix"))
    return consent


def _case_work():
    """A referral from KV Germersheim to ProfeS and the case it opened there."""
    from inprocedere.cases.models import Case, Referral
    from inprocedere.network.models import Organisation
    from inprocedere.participants.models import Participant

    authority = Organisation.objects.get(slug="kv-germersheim")
    carrier = Organisation.objects.get(slug="profes")
    participant = Participant.objects.create(
        family_name="Matrix", given_names="Mona", registered_by=authority
    )
    case = Case.objects.create(
        participant=participant,
        owner_organisation=carrier,
        owner_position=carrier.positions.get(title="Beratung und Begleitung Germersheim"),
    )
    referral = Referral.objects.create(
        participant=participant,
        from_position=authority.positions.get(
            title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"
        ),
        to_organisation=carrier,
        reason="Matrix",
        case=case,
    )
    return {"referral": referral, "case": case}


def _expected(allowed, persona, hidden=()):
    if allowed == "redirect":
        return 302
    if allowed == "405":
        return 405
    if persona in hidden:
        return 404
    return 200 if persona in allowed else 403


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_persona_gets_the_expected_status(name, persona, client_for):
    kind, allowed, _anonymous, *hidden = MATRIX[name]
    response = client_for(persona).get(reverse(name, kwargs=_kwargs(kind)))
    if response.streaming:  # reading a download to its end closes its file
        b"".join(response.streaming_content)
    expected = _expected(allowed, persona, hidden[0] if hidden else ())
    assert response.status_code == expected, (name, persona)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_visitors(name):
    kind, _allowed, anonymous, *_hidden = MATRIX[name]
    response = Client().get(reverse(name, kwargs=_kwargs(kind)))
    if anonymous == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == int(anonymous)


def _cooperation(kind):
    """Cooperation records about the case of `_case_work`, with approved minutes."""
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from inprocedere.cooperation.models import (
        ActionItem,
        CaseConference,
        Consultation,
        Invitation,
        Meeting,
        MeetingMaterial,
    )

    if kind == "coop_feed":
        return {"token": "not-a-calendar-token"}
    case = _case_work()["case"]
    if kind == "coop_case":
        return {"case_pk": case.pk}
    carrier = case.owner_position
    authority = Position.objects.get(
        organisation__slug="kv-germersheim",
        title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung",
    )
    now = timezone.now()
    if kind == "coop_consultation":
        consultation = Consultation.objects.create(
            case=case,
            from_position=carrier,
            to_position=authority,
            topic="residence_law",
            subject="Matrix",
            question="Matrix?",
            due_on=timezone.localdate() + dt.timedelta(days=7),
        )
        return {"pk": consultation.pk}
    approved = {
        "starts_at": now - dt.timedelta(hours=2),
        "ends_at": now - dt.timedelta(hours=1),
        "place": "Matrix",
        "minutes": "Matrix minutes",
        "minutes_state": "approved",
        "minutes_approved_at": now,
    }
    if kind in ("coop_conference", "coop_action_item"):
        conference = CaseConference.objects.create(
            case=case, chair_position=carrier, title="Matrix", **approved
        )
        Invitation.objects.create(
            appointment=conference, position=authority, organisation=authority.organisation
        )
        if kind == "coop_conference":
            return {"pk": conference.pk}
        item = ActionItem.objects.create(
            conference=conference,
            title="Matrix",
            owner_position=authority,
            due_on=timezone.localdate(),
        )
        return {"pk": item.pk}
    meeting = Meeting.objects.create(
        kind="training",
        level="network",
        topic="Matrix",
        title="Matrix",
        chair_position=Position.objects.get(organisation__slug="ism", title="Projektkoordination"),
        **approved,
    )
    if kind == "coop_meeting":
        return {"pk": meeting.pk}
    material = MeetingMaterial(
        meeting=meeting, title="Matrix", content_type="application/pdf", size=15
    )
    material.file.save("matrix.pdf", ContentFile(b"%PDF-1.4 matrix"), save=False)
    material.save()
    return {"pk": meeting.pk, "material_pk": material.pk}
