"""Navigation by role (issue 15, item 2): at most seven groups, each role only what it
can use, one directory entry, the admin for the administrator, a global search box."""

import re

import pytest
from django.urls import reverse

from inprocedere.accounts.navigation import navigation
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

GROUPS = {
    "case_worker": ["Arbeit", "Teilnehmende", "Zusammenarbeit", "Verzeichnis", "Berichte"],
    "authority_officer": ["Arbeit", "Teilnehmende", "Zusammenarbeit", "Verzeichnis", "Berichte"],
    "coordinator": ["Arbeit", "Zusammenarbeit", "Verzeichnis", "Berichte"],
    "ministry_reader": ["Arbeit", "Zusammenarbeit", "Verzeichnis", "Berichte"],
    "dpo": ["Arbeit", "Zusammenarbeit", "Verzeichnis", "Berichte", "Verwaltung"],
    "administrator": ["Arbeit", "Zusammenarbeit", "Verzeichnis", "Verwaltung"],
}


def _groups(html):
    nav = html[html.index('aria-label="Hauptnavigation"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r'class="site-nav__link[^"]*" href="[^"]+"[^>]*>([^<]+)</a>', nav)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_at_most_seven_groups_each_with_something_to_open(persona, client_for, user_for):
    groups = navigation(user_for(persona), "inbox:inbox")
    assert 1 <= len(groups) <= 7
    client = client_for(persona)
    for group in groups:
        assert group.entries
        for entry in group.entries:
            assert client.get(entry.url).status_code == 200, (persona, entry.url)


@pytest.mark.parametrize("persona", sorted(GROUPS))
def test_each_role_sees_its_groups(persona, client_for):
    html = client_for(persona).get(reverse("inbox:inbox")).content.decode()
    assert _groups(html)[:7] == GROUPS[persona]
    assert html.count('href="/directory/"') >= 1
    assert 'role="search"' in html


def test_roles_without_case_work_see_no_participants(user_for):
    for persona in ("coordinator", "ministry_reader", "dpo", "administrator", "outsider"):
        keys = [group.key for group in navigation(user_for(persona), "")]
        assert "participants" not in keys, persona


def test_only_the_administrator_gets_the_admin_link(client_for):
    admin = reverse("admin:index")
    page = client_for("administrator").get(reverse("inbox:inbox"))
    nav = navigation(page.wsgi_request.user, "inbox:inbox")
    assert admin in [entry.url for group in nav for entry in group.entries]
    for persona in ("case_worker", "dpo", "coordinator"):
        html = client_for(persona).get(reverse("accounts:token_list")).content.decode()
        assert f'href="{admin}"' not in html


def test_the_current_group_shows_its_entries(client_for):
    html = client_for("case_worker").get(reverse("cases:case_list")).content.decode()
    sub = html[html.index('class="site-subnav"') :]
    sub = sub[: sub.index("</nav>")]
    assert 'aria-current="page">Fälle<' in sub
    assert "Meine Arbeit" in sub and "Zuweisungen" in sub


def test_the_search_finds_people_positions_and_organisations(client_for, user_for):
    from inprocedere.participants import services

    services.participant_register(
        actor=user_for("case_worker"), family_name="Germersheim", given_names="Ayana"
    )
    html = client_for("case_worker").get(reverse("network:search"), {"q": "Germersheim"})
    text = html.content.decode()
    assert "Ayana Germersheim" in text  # a participant of ProfeS
    assert "Kreisverwaltung Germersheim" in text  # an organisation
    assert "Beratung und Begleitung Germersheim" in text  # a position
    coordinator = client_for("coordinator").get(reverse("network:search"), {"q": "Germersheim"})
    assert "Ayana" not in coordinator.content.decode()  # no case work, no people


def test_a_search_of_one_letter_is_refused_without_reading(client_for):
    answer = client_for("case_worker").get(reverse("network:search"), {"q": "a"})
    assert answer.status_code == 200
    assert "mindestens zwei Buchstaben" in answer.content.decode()
