"""Search that scales: an index answers it (trigram GIN on PostgreSQL, FTS5 on SQLite),
exact and prefix hits rank first, identifiers are found, single letters and endless
terms get a clear answer without reading the register, and the count is bounded."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inprocedere.core.partial_dates import PartialDate
from inprocedere.network.models import Organisation
from inprocedere.participants import lookup, selectors, services
from inprocedere.participants.lookup import FTS_TABLE
from inprocedere.participants.models import Participant

pytestmark = pytest.mark.django_db

URL = reverse("participants:participant_list")


def _names(body: str, *candidates: str) -> list[str]:
    """The candidates in the order they appear on the page."""
    found = [(body.find(name), name) for name in candidates if name in body]
    return [name for _, name in sorted(found)]


def _register(register, family_name, given_names="Test"):
    return register(family_name=family_name, given_names=given_names, birth_date=PartialDate(1990))


def test_exact_words_rank_before_word_starts_before_other_substrings(register, client_for):
    for name in ("Hermann", "Mannheimer", "Mann", "Abel"):
        _register(register, name)
    body = client_for("authority_officer").get(URL, {"q": "mann"}).content.decode()
    assert _names(body, "Hermann,", "Mannheimer,", "Mann,") == ["Mann,", "Mannheimer,", "Hermann,"]
    assert "Abel" not in body


def test_two_letters_find_the_start_of_a_word(register, client_for):
    _register(register, "Li", "Wei")
    _register(register, "Klein", "Lina")
    _register(register, "Alibek", "Timur")
    body = client_for("authority_officer").get(URL, {"q": "li"}).content.decode()
    assert _names(body, "Li,", "Klein,") == ["Li,", "Klein,"]
    assert "Alibek" not in body  # "li" inside a word is not a word start


def test_identifiers_are_searchable(register, user_for, client_for):
    person = _register(register, "Haidari", "Ahmad")
    _register(register, "Rahimi", "Sara")
    services.external_id_add(
        actor=user_for("authority_officer"),
        participant=person,
        organisation=Organisation.objects.get(slug="kv-germersheim"),
        kind="file_number",
        value="AB-4711-0815",
    )
    client = client_for("authority_officer")
    for q in ("4711", "ab-4711-0815"):
        body = client.get(URL, {"q": q}).content.decode()
        assert "Haidari" in body and "Rahimi" not in body, q


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("a", "mindestens zwei Buchstaben"),
        ("a b", "mindestens zwei Buchstaben"),
        ("x" * 1000, "200"),
    ],
)
def test_single_letters_and_endless_terms_get_a_clear_answer_without_a_search(
    q, message, register, client_for
):
    _register(register, "Abel")
    client = client_for("authority_officer")
    client.get(URL)  # warm up the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": q})
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "Abel" not in body
    assert not any("participants_participant" in query["sql"] for query in queries)


def test_the_search_goes_through_the_index(register, user_for):
    _register(register, "Müller", "Jürgen")
    _register(register, "Miller", "Jane")
    user = user_for("authority_officer")
    found = selectors.participants_for(user, selectors.ParticipantQuery(text="Mueller"))
    if connection.vendor == "sqlite":
        with CaptureQueriesContext(connection) as queries:
            names = [p.family_name for p in found]
        assert f"{FTS_TABLE} MATCH" in queries[0]["sql"]
    else:
        # On a table of a few rows the planner prefers other paths: ask for the plan of
        # the search itself with sequential scans priced out.
        alone = lookup.matching(Participant.unrestricted.all(), "Mueller")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = alone.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "participants_search_trgm" in plan, plan
        names = [p.family_name for p in found]
    assert names == ["Müller"]


def test_the_index_follows_renames_and_aliases(register, user_for):
    person = _register(register, "Haidari", "Ahmad")
    user = user_for("authority_officer")

    def found(text):
        query = selectors.ParticipantQuery(text=text)
        return list(selectors.participants_for(user, query).values_list("pk", flat=True))

    services.alias_add(actor=user, participant=person, family_name="Heydari")
    assert found("heydari") == [person.pk]
    person.refresh_from_db()
    services.participant_update(
        actor=user, participant=person, version=person.version, family_name="Haydari"
    )
    assert found("haydari") == [person.pk]
    assert found("haidari") == []


def test_a_rebuild_restores_a_lost_search_index(register, user_for):
    from inprocedere.core import derived

    person = _register(register, "Haidari", "Ahmad")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
    derived.refresh(None, only=["participants.search_index"])
    query = selectors.ParticipantQuery(text="haidari")
    user = user_for("authority_officer")
    assert list(selectors.participants_for(user, query)) == [person]


def test_participant_model_keeps_its_register_order_index():
    names = {index.name for index in Participant._meta.indexes}
    assert "participants_name_order" in names


def test_mueller_finds_mueller_in_the_directory_people(client_for, user_for):
    from inprocedere.network import services as network_services

    network_services.person_create(
        actor=user_for("administrator"), given_name="Jörg", family_name="Müller"
    )
    client = client_for("case_worker")
    for q in ("Mueller", "müller", "joerg mueller"):
        body = client.get(reverse("network:person_list"), {"q": q}).content.decode()
        assert "Müller" in body, q


def test_a_text_changed_behind_the_index_never_matches_old_words(register, user_for):
    """An erasure blanks `search_text` directly: the stale index entry must not find it."""
    person = _register(register, "Quendelbrook", "Zoltarina")
    Participant.unrestricted.filter(pk=person.pk).update(search_text=" geloescht ")
    query = selectors.ParticipantQuery(text="quendelbrook")
    assert list(selectors.participants_for(user_for("authority_officer"), query)) == []


def test_other_spellings_are_found_once_recorded_as_an_alias(register, user_for):
    """What docs/benutzerhandbuch.md promises: case and umlauts never matter; another
    spelling (Muhammad for Mohammed) is found only once it is recorded as an alias (the
    duplicate check, not the register search, compares spellings)."""
    person = _register(register, "Al-Hassan", "Mohammed")
    user = user_for("authority_officer")

    def found(text):
        query = selectors.ParticipantQuery(text=text)
        return list(selectors.participants_for(user, query).values_list("pk", flat=True))

    assert found("MOHAMMED al-hassan") == [person.pk]
    assert found("muhammad") == []
    services.alias_add(
        actor=user, participant=person, family_name="Al-Hassan", given_names="Muhammad"
    )
    assert found("muhammad") == [person.pk]
