"""Routers that look records up through the selectors the pages use (issue 14 item 3):
the duplicate list's organisation and region filters (network selectors) and an
enrolment's transition (cases.selectors.enrollment_of, within the caller's case)."""

import datetime as dt

import pytest
from django.utils import timezone

from inprocedere.cases import selectors, services
from inprocedere.cases.models import Enrollment, Measure
from inprocedere.cases.workflows import EnrollmentState
from inprocedere.duplicates.models import CandidatePair
from inprocedere.network.models import Organisation, Position, Region
from inprocedere.participants.models import Participant
from tests.api.conftest import ApiClient, token_for  # noqa: F401 - fixture
from tests.conftest import grant_consent
from tests.duplicates.conftest import person  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(person):  # noqa: F811
    a = person("Al-Hassan", "Mohammed")
    b = person("Al Hassan", "Muhammad")
    return CandidatePair.objects.get(a=a, b=b)


def _listed(token_for, query: str) -> set[int]:  # noqa: F811
    client = ApiClient(token_for("case_worker"), language="en")
    response = client.get(f"/api/v1/duplicates{query}")
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_the_duplicate_list_narrows_by_organisation(pair, token_for):  # noqa: F811
    registrar = pair.a.registered_by
    other = Organisation.objects.exclude(pk=registrar.pk).order_by("slug").first()
    assert pair.pk in _listed(token_for, f"?organisation={registrar.slug}")
    assert pair.pk not in _listed(token_for, f"?organisation={other.slug}")
    assert _listed(token_for, "?organisation=no-such-organisation") == set()


def test_the_duplicate_list_narrows_by_region(pair, token_for):  # noqa: F811
    registrar = pair.a.registered_by
    served = registrar.regions.order_by("pk").first()
    elsewhere = Region.objects.exclude(organisations=registrar).order_by("pk").first()
    assert served is not None and elsewhere is not None
    assert pair.pk in _listed(token_for, f"?region={served.pk}")
    assert pair.pk not in _listed(token_for, f"?region={elsewhere.pk}")
    unknown = (Region.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert _listed(token_for, f"?region={unknown}") == set()


def _case_with_enrollment(user_for, family):
    """A case at ProfeS (referred by KV Germersheim) with one planned enrolment."""
    authority = Organisation.objects.get(slug="kv-germersheim")
    carrier = Organisation.objects.get(slug="profes")
    participant = Participant.unrestricted.create(
        family_name=family, given_names="Adil", registered_by=authority
    )
    grant_consent(participant, carrier)
    referral = services.referral_create(
        actor=user_for("authority_officer"),
        from_position=Position.objects.get(
            organisation=authority, title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"
        ),
        participant=participant,
        to_organisation=carrier,
        reason="API",
    )
    caseworker = user_for("case_worker")
    services.referral_accept(actor=caseworker, referral=referral, first_appointment=timezone.now())
    referral.refresh_from_db()
    case = services.referral_intake_done(
        actor=caseworker,
        referral=referral,
        owner_position=Position.objects.get(
            organisation=carrier, title="Beratung und Begleitung Germersheim"
        ),
        esf_entry_date=timezone.localdate() - dt.timedelta(days=30),
    )
    measure = Measure.objects.create(
        title=f"B1 {family}",
        provider=carrier,
        type="language_course",
        funding_source="esf",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=90),
    )
    return case, services.enrollment_add(actor=caseworker, case=case, measure=measure)


def test_an_enrolment_moves_only_within_its_own_case(user_for, token_for):  # noqa: F811
    case, enrollment = _case_with_enrollment(user_for, "Erstfall")
    other_case, other = _case_with_enrollment(user_for, "Zweitfall")
    client = ApiClient(token_for("case_worker"), language="en")
    body = {"state": "ongoing", "on": str(timezone.localdate())}

    # The other case's enrolment named under this case: not found, and nothing changes.
    crossed = client.post(
        f"/api/v1/cases/{case.pk}/enrollments/{other.pk}/transition",
        body,
        content_type="application/json",
    )
    assert crossed.status_code == 404
    assert Enrollment.objects.get(pk=other.pk).state == EnrollmentState.PLANNED

    moved = client.post(
        f"/api/v1/cases/{other_case.pk}/enrollments/{other.pk}/transition",
        body,
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["id"] == other.pk
    assert Enrollment.objects.get(pk=other.pk).state == EnrollmentState.ONGOING
    assert Enrollment.objects.get(pk=enrollment.pk).state == EnrollmentState.PLANNED


def test_enrollment_of_reads_once_and_keeps_the_checked_case(user_for, django_assert_num_queries):
    case, enrollment = _case_with_enrollment(user_for, "Dritt")
    with django_assert_num_queries(1):
        found = selectors.enrollment_of(case, enrollment.pk)
        assert found.case is case
        assert found.measure.provider.slug == "profes"
