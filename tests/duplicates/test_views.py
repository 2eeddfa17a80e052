"""The review pages: who sees what, merge and different through the form, undo."""

import pytest
from django.urls import reverse

from inprocedere.duplicates.models import CandidatePair, Decision, MergeRecord
from inprocedere.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(person):
    a = person("Al-Hassan", "Mohammed")
    b = person("Al Hassan", "Muhammad")
    return CandidatePair.objects.get(a=a, b=b)


def test_the_list_shows_pairs_within_reach_with_reasons_and_logs_them(pair, client_for):
    response = client_for("case_worker").get(
        reverse("duplicates:pair_list"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Mohammed Al-Hassan" in text and "Muhammad Al Hassan" in text
    assert "another spelling, transliterated" in text
    logged = {
        pk
        for ids in AccessLogEntry.objects.filter(purpose="duplicate_review").values_list(
            "participant_ids", flat=True
        )
        for pk in ids
    }
    assert {pair.a_id, pair.b_id} <= logged


def test_the_list_costs_the_same_queries_for_few_and_many(
    person, client_for, django_assert_max_num_queries
):
    client = client_for("team_lead")
    for index in range(3):
        person(f"Saleh{index}", "Mohammed")
        person(f"Saleh{index}", "Muhammad")
    client.get(reverse("duplicates:pair_list"))
    with django_assert_max_num_queries(16):
        client.get(reverse("duplicates:pair_list"))
    for index in range(3, 12):
        person(f"Saleh{index}", "Mohammed")
        person(f"Saleh{index}", "Muhammad")
    with django_assert_max_num_queries(16):
        response = client.get(reverse("duplicates:pair_list"))
    assert response.content.decode().count("Saleh") >= 24


@pytest.mark.parametrize("persona", ["coordinator", "dpo"])
def test_coordinator_and_dpo_see_figures_without_names(pair, client_for, persona):
    client = client_for(persona)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the texts below are English
    response = client.get(reverse("duplicates:pair_list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Hassan" not in text and "Mohammed" not in text
    assert "Merges in force" in text


def test_a_pair_out_of_reach_is_404(person, client_for):
    a = person("Al-Hassan", "Mohammed")
    b = person("Al Hassan", "Muhammad", case=False, persona="jobcentre_officer")
    pair = CandidatePair.objects.get(a=a, b=b)
    response = client_for("case_worker").get(reverse("duplicates:pair_detail", args=[pair.pk]))
    assert response.status_code == 404
    listed = client_for("case_worker").get(reverse("duplicates:pair_list")).content.decode()
    assert "Muhammad Al Hassan" not in listed


def test_merge_through_the_page_and_undo(pair, client_for):
    client = client_for("case_worker")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the texts below are English
    page = client.get(reverse("duplicates:pair_detail", args=[pair.pk]))
    assert page.status_code == 200 and "The two records side by side" in page.content.decode()
    response = client.post(
        reverse("duplicates:pair_resolve", args=[pair.pk]), {"decision": "keep_a"}
    )
    record = MergeRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("duplicates:merge_detail", args=[record.pk])
    assert (record.survivor_id, record.merged_id) == (pair.a_id, pair.b_id)
    detail = client.get(response["Location"]).content.decode()
    assert "Undo the merge" in detail
    assert client.get(reverse("duplicates:merge_list")).status_code == 200
    undo = client.post(reverse("duplicates:merge_undo", args=[record.pk]))
    assert undo.status_code == 302
    record.refresh_from_db()
    assert record.undone_at is not None
    again = client.post(reverse("duplicates:merge_undo", args=[record.pk]))
    assert again.status_code == 400
    assert "already been undone" in again.content.decode()


def test_different_through_the_page(pair, client_for):
    response = client_for("team_lead").post(
        reverse("duplicates:pair_resolve", args=[pair.pk]),
        {"decision": "different", "note": "Cousins"},
    )
    assert response.status_code == 302
    assert Decision.objects.get().note == "Cousins"
    assert not CandidatePair.objects.filter(pk=pair.pk).exists()


@pytest.mark.parametrize(
    "data", [{}, {"decision": "maybe"}, {"decision": "different", "note": "x" * 301}]
)
def test_bad_input_is_refused_and_changes_nothing(pair, client_for, data):
    response = client_for("case_worker").post(
        reverse("duplicates:pair_resolve", args=[pair.pk]), data
    )
    assert response.status_code == 400
    assert not MergeRecord.objects.exists() and not Decision.objects.exists()


def test_unknown_ids_are_404(client_for):
    client = client_for("case_worker")
    assert client.get(reverse("duplicates:pair_detail", args=[999999])).status_code == 404
    assert (
        client.post(
            reverse("duplicates:pair_resolve", args=[999999]), {"decision": "different"}
        ).status_code
        == 404
    )
    assert client.get(reverse("duplicates:merge_detail", args=[999999])).status_code == 404
