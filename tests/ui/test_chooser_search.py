"""The choosers' search (issue 15 item 4): a network's positions and organisations are not
listed whole; the select offers the first few, a search box asks `cases:choose` for the
matches, narrowed by the chosen organisation, in the scope of what the action needs."""

import re

import pytest
from django.urls import reverse

from inprocedere.cases import choosers
from inprocedere.core import derived
from inprocedere.network.models import Position
from inprocedere.network.search import refresh_search_text
from inprocedere.privacy.models import AccessLogEntry
from tests.cases.conftest import *  # noqa: F403 - referral and case fixtures
from tests.conftest import grant_consent

pytestmark = pytest.mark.django_db


def _labels(html):
    return re.findall(r"<option[^>]*>([^<]*)</option>", html)


def _choose(client, kind, **params):
    return client.get(reverse("cases:choose", args=[kind]), params)


@pytest.fixture
def many_positions(org):
    """More case-work positions at the job centre than a chooser shows at once."""
    positions = [
        Position(
            organisation=org("jc-germersheim"), title=f"Team {n:02d}", roles=["jobcentre_officer"]
        )
        for n in range(choosers.SHOWN + 5)
    ]
    Position.objects.bulk_create(positions)
    refresh_search_text(Position.objects.filter(title__startswith="Team "))
    return Position.objects.filter(title__startswith="Team ").order_by("title")


def test_the_referral_search_finds_case_work_positions_only(client_for):
    client = client_for("authority_officer")
    found = _labels(
        _choose(client, "positions", purpose="referral", q="germersheim").content.decode()
    )
    assert "Beratung und Begleitung Germersheim" in found
    assert "IT-Administration" not in _labels(
        _choose(client, "positions", purpose="referral", q="administration").content.decode()
    )


def test_the_search_is_narrowed_by_the_chosen_organisation(case, client_for, org):
    client = client_for("case_worker")
    field = "handover-to_organisation"
    html = _choose(
        client,
        "positions",
        purpose="handover",
        case=case.pk,
        organisation_field=field,
        **{field: org("jc-germersheim").pk},
    ).content.decode()
    assert "Fallmanagement Migration" in _labels(html)
    assert "Beratung und Begleitung Germersheim" not in html  # ProfeS, the case's own


def test_organisations_are_searched_by_name(case, client_for):
    client = client_for("case_worker")
    html = _choose(client, "organisations", purpose="handover", case=case.pk, q="jobcenter")
    labels = _labels(html.content.decode())
    assert labels[0] == "Bitte wählen" and len(labels) > 1
    assert all("Jobcenter" in label for label in labels[1:])


def test_a_chooser_shows_a_bounded_list_and_the_rest_is_found_and_saved(
    case, client_for, many_positions, django_assert_max_num_queries
):
    client = client_for("case_worker")
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    start = page.index('name="team_add-position"')
    offered = _labels(page[start : page.index("</select>", start)])
    assert len(offered) == choosers.SHOWN + 2  # the empty label and the hint
    assert offered[-1] == "Weitere Treffer: bitte tippen Sie, um die Liste einzugrenzen"
    last = many_positions.last()
    assert last.title not in offered
    with django_assert_max_num_queries(8):  # session, user, case and its reads, the search
        html = _choose(client, "positions", purpose="team", case=case.pk, q=last.title)
    assert _labels(html.content.decode()) == ["Bitte wählen", last.title]
    grant_consent(case.participant, "jc-germersheim", purposes=["counselling"])
    response = client.post(
        reverse("cases:case_detail", args=[case.pk]),
        {"action": "team_add", "team_add-position": last.pk},
    )
    assert response.status_code == 302
    assert case.team.filter(pk=last.pk).exists()


def test_a_position_outside_the_scope_is_refused_on_the_field(case, client_for, org):
    client = client_for("case_worker")
    it_admin = Position.objects.get(organisation__slug="ism", title="IT-Administration")
    response = client.post(
        reverse("cases:case_detail", args=[case.pk]),
        {"action": "team_add", "team_add-position": it_admin.pk},
    )
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert not case.team.exists()


@pytest.mark.parametrize(
    "kind, params",
    [
        ("people", {"purpose": "referral"}),
        ("positions", {"purpose": "ministry"}),
        ("positions", {"purpose": "team", "case": "abc"}),
        ("positions", {"purpose": "team"}),
    ],
)
def test_bad_chooser_requests_are_not_found(client_for, kind, params):
    assert _choose(client_for("case_worker"), kind, **params).status_code == 404


def test_an_id_no_row_can_have_is_ignored_not_a_server_error(client_for):
    huge = "99999999999999999999999"  # overflows SQLite's integers
    response = _choose(
        client_for("authority_officer"),
        "positions",
        purpose="referral",
        q="germersheim",
        organisation_field="to_organisation",
        to_organisation=huge,
    )
    assert response.status_code == 200
    assert "Beratung und Begleitung Germersheim" in _labels(response.content.decode())
    huge_case = _choose(client_for("case_worker"), "positions", purpose="team", case=huge)
    assert huge_case.status_code == 404


def test_the_search_is_for_case_work_roles_only(client_for, case):
    assert _choose(client_for("dpo"), "positions", purpose="referral").status_code == 403
    other = _choose(client_for("jobcentre_officer"), "positions", purpose="team", case=case.pk)
    assert other.status_code == 404  # a case the job centre cannot read


@pytest.fixture
def findable(participant):
    """The participant with their search text (created directly, not through the form)."""
    derived.refresh([participant.pk])
    return participant


def test_a_referral_starts_by_finding_the_person(
    client_for, user_for, findable, django_assert_max_num_queries
):
    participant = findable
    client = client_for("authority_officer")
    url = reverse("cases:referral_create")
    # session, user, the search and its prefetches, the read log: the same for 1 or 10 found
    with django_assert_max_num_queries(9):
        html = client.get(url, {"q": "amina hadd"}, HTTP_HX_REQUEST="true").content.decode()
    assert html.startswith('<div id="people-found"')
    read = AccessLogEntry.objects.for_participant(participant.pk).filter(action="read")
    assert read.filter(user=user_for("authority")).exists()  # who was found is logged
    assert f"?participant={participant.pk}" in html and "Amina Haddad zuweisen" in html
    page = client.get(url, {"q": "haddad"}).content.decode()  # without JavaScript: the form
    assert f"?participant={participant.pk}" in page and 'role="search"' in page


def test_the_people_search_finds_only_whom_the_user_may_refer(client_for, findable):
    html = client_for("jobcentre_officer").get(
        reverse("cases:referral_create"), {"q": "haddad"}, HTTP_HX_REQUEST="true"
    )
    assert "Haddad" not in html.content.decode()
    assert "Niemand, den Sie zuweisen dürfen" in html.content.decode()
    assert (
        client_for("dpo").get(reverse("cases:referral_create"), {"q": "haddad"}).status_code == 403
    )
