"""The registry of data derived from people's records (core/derived.py)."""

import pytest

from inprocedere.core import derived


def test_the_apps_register_their_refreshers_search_text_first():
    names = derived.registered()
    assert names[0] == "participants.search_text"
    assert "duplicates.keys" in names


def test_refresh_runs_the_named_refreshers_in_order(monkeypatch):
    calls = []
    monkeypatch.setattr(derived, "_REGISTRY", {})
    derived.register("b", lambda ids: calls.append(("b", ids)), order=20)
    derived.register("a", lambda ids: calls.append(("a", ids)), order=10)
    derived.refresh([3, 1, 3, None])
    derived.refresh(None, only=["b"])
    derived.refresh([])  # nothing to do: no refresher is called
    assert calls == [("a", [1, 3]), ("b", [1, 3]), ("b", None)]


def test_an_unknown_refresher_is_an_error(monkeypatch):
    monkeypatch.setattr(derived, "_REGISTRY", {})
    with pytest.raises(LookupError):
        derived.refresh([1], only=["nothing"])


@pytest.mark.django_db
def test_a_registration_refreshes_search_text_and_duplicate_keys(user_for):
    from inprocedere.duplicates.models import BlockingKey
    from inprocedere.participants.services import participant_register

    person = participant_register(
        actor=user_for("authority"), family_name="Müller", given_names="Jürgen"
    )
    assert " juergen mueller " in person.search_text
    assert BlockingKey.objects.filter(participant_id=person.pk).exists()
