"""The scale generator: what it writes, that it is valid and reproducible, and what it
refuses (issue 11, item 1 and "Bad input")."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import translation

from inprocedere.cases.models import (
    Activity,
    Case,
    Enrollment,
    Exit,
    FollowUp,
    Goal,
    NeedsAssessment,
    Placement,
    Referral,
    ReferralTransition,
)
from inprocedere.cooperation.models import (
    ActionItem,
    CaseConference,
    Consultation,
    ConsultationMessage,
    Invitation,
)
from inprocedere.core.fields import PartialDateField
from inprocedere.duplicates.models import BlockingKey
from inprocedere.inbox.models import InboxItem
from inprocedere.network.models import Organisation
from inprocedere.participants.models import (
    Alias,
    BenefitPeriod,
    ExternalIdentifier,
    Participant,
    ResidenceStatus,
    WorkPermitApplication,
)
from inprocedere.privacy.models import Consent
from inprocedere.scale.models import Reregistration, SeedRun
from inprocedere.scale.seed import guard, person, run
from inprocedere.scale.seed.run import Options, seed

pytestmark = pytest.mark.django_db

MODELS = [
    Participant,
    ExternalIdentifier,
    Alias,
    ResidenceStatus,
    BenefitPeriod,
    WorkPermitApplication,
    Consent,
    Referral,
    ReferralTransition,
    Case,
    Activity,
    NeedsAssessment,
    Goal,
    Enrollment,
    Placement,
    Exit,
    FollowUp,
    Consultation,
    ConsultationMessage,
    CaseConference,
    Invitation,
    ActionItem,
    InboxItem,
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def demo_mode(settings, monkeypatch):
    settings.DEMO = True
    monkeypatch.setattr(run, "CHUNK", 40)
    # Small registers still get a long case and a re-registration or two.
    monkeypatch.setattr(person, "REREGISTRATION_SHARE", 0.05)


def _grow(n, **options):
    return seed(Options(participants=n, progress=lambda _text: None, **options))


def test_grows_the_register_with_every_shape_of_case_work(demo_mode):
    result = _grow(120)
    assert result.added == 120 == Participant.unrestricted.count()
    for model in MODELS:
        manager = getattr(model, "unrestricted", model._default_manager)
        assert manager.exists(), f"no {model.__name__} generated"
    states = set(Referral.unrestricted.values_list("state", flat=True))
    assert states == {"sent", "accepted", "declined", "withdrawn", "intake_done"}
    assert Referral.unrestricted.filter(kind="handover").exists()
    assert Consent.unrestricted.filter(withdrawn_on__isnull=False).exists()
    assert Consent.unrestricted.filter(purposes__icontains="esf_monitoring").exists()
    assert Case.unrestricted.filter(status="closed").exists()
    biggest = Case.unrestricted.get(pk=SeedRun.objects.get().detail["showcase_cases"][0])
    assert biggest.activities.count() >= 500
    assert Reregistration.objects.exists()


def test_every_generated_record_is_valid_as_the_forms_and_services_would_write_it(demo_mode):
    _grow(80)
    for model in MODELS:
        manager = getattr(model, "unrestricted", model._default_manager)
        # PartialDateField cannot run its inherited length validator on a PartialDate
        # (a limit of the field, not of the data); its format is checked on loading.
        partial = [f.name for f in model._meta.fields if isinstance(f, PartialDateField)]
        for record in manager.order_by("?")[:15]:
            # Work recorded at a desk nobody with an account holds names no user.
            nobody = [
                f.name
                for f in model._meta.fields
                if f.is_relation
                and f.related_model is get_user_model()
                and getattr(record, f.attname) is None
            ]
            record.full_clean(exclude=partial + nobody, validate_unique=False)


def test_derived_data_is_filled_as_the_services_fill_it(demo_mode):
    _grow(60)
    people = Participant.unrestricted.all()
    assert not people.filter(search_text="").exists()
    sample = people.first()
    assert sample.family_name.casefold()[:3] in sample.search_text or "~" in sample.search_text
    assert BlockingKey.objects.filter(participant__in=people).count() >= 60


def _names():
    return list(
        Participant.unrestricted.order_by("pk").values_list(
            "family_name", "given_names", "birth_date", "gender"
        )
    )


def test_the_same_seed_grows_the_same_people_however_the_runs_are_split(demo_mode):
    with transaction.atomic():
        _grow(80, seed=7)
        once = _names()
        transaction.set_rollback(True)
    _grow(40, seed=7)
    _grow(80, seed=7)
    assert _names() == once
    assert SeedRun.objects.count() == 2
    other = Participant.unrestricted.order_by("pk").values_list("family_name", flat=True)
    assert len(set(other)) > 20  # many different people, not one repeated


def test_growing_with_another_seed_is_refused(demo_mode):
    _grow(10, seed=1)
    with pytest.raises(guard.Refused, match="seed 1"):
        _grow(20, seed=2)


def test_a_register_that_is_big_enough_is_left_alone(demo_mode):
    _grow(10)
    result = _grow(5)
    assert result.run is None and "already holds 10" in result.notes[0]
    assert Participant.unrestricted.count() == 10


@pytest.mark.parametrize("count", [0, -5])
def test_no_participants_or_fewer_is_refused(demo_mode, count):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("bench", "seed", "--participants", str(count))


def test_more_than_the_disk_holds_is_refused(demo_mode, monkeypatch):
    monkeypatch.setitem(guard.BYTES_PER_PARTICIPANT, "sqlite", 10**15)
    monkeypatch.setitem(guard.BYTES_PER_PARTICIPANT, "postgresql", 10**15)
    monkeypatch.setattr(guard, "_data_directory", lambda: guard.Path("/"))
    with pytest.raises(CommandError, match="GB free"):
        call_command("bench", "seed", "--participants", "10")
    assert Participant.unrestricted.count() == 0


def test_a_database_with_real_people_is_refused_unless_confirmed(demo_mode):
    Participant.unrestricted.create(
        family_name="Real",
        given_names="Person",
        registered_by=Organisation.objects.get(slug="profes"),
    )
    with pytest.raises(CommandError, match="not-production"):
        call_command("bench", "seed", "--participants", "10")
    assert Participant.unrestricted.count() == 1
    call_command(
        "bench", "seed", "--participants", "10", "--i-know-this-is-not-production", verbosity=0
    )
    assert Participant.unrestricted.count() == 10


def test_outside_demo_mode_the_generator_refuses(settings):
    settings.DEMO = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("bench", "seed", "--participants", "10")


def test_an_unknown_deferred_refresher_is_refused(demo_mode):
    with pytest.raises(CommandError, match="No derived data called nonsense"):
        call_command("bench", "seed", "--participants", "10", "--defer", "nonsense")


def test_a_deferred_refresher_runs_once_after_the_chunks(demo_mode, monkeypatch):
    from inprocedere.core import derived

    calls = []
    monkeypatch.setattr(
        derived,
        "_REGISTRY",
        {
            **derived._REGISTRY,
            "test.counter": derived._Entry("test.counter", lambda ids: calls.append(ids), 99),
        },
    )
    _grow(100, defer=("test.counter",))
    assert calls == [None]  # the first run: everybody at once


def test_the_generated_register_opens_on_the_personas_pages(demo_mode, client_for):
    from django.urls import reverse

    _grow(60)
    showcase = SeedRun.objects.get().detail["showcase_cases"][0]
    caseworker = client_for("case_worker")
    for url in (
        reverse("participants:participant_list"),
        reverse("participants:participant_list") + "?q=mohammed",
        reverse("cases:referral_list"),
        reverse("cases:my_work"),
        reverse("cases:case_detail", args=[showcase]),
        reverse(
            "participants:participant_detail",
            args=[Case.unrestricted.get(pk=showcase).participant_id],
        ),
    ):
        assert caseworker.get(url).status_code == 200, url
    call_command("check")
