"""The review queue: heaviest first, filtered by organisation and region, clusters of
three or more shown and merged as one (each merge undoable)."""

import pytest
from django.urls import reverse

from inprocedere.duplicates import selectors
from inprocedere.duplicates.models import CandidatePair, MergeRecord
from inprocedere.network.models import Organisation, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(person):
    return [
        person("Al-Hassan", "Mohammed", citizenships=["SY"]),
        person("Al Hassan", "Muhammad", citizenships=["SY"]),
        person("Alhassan", "Mohamad", citizenships=["SY"]),
    ]


def test_heaviest_first_and_filters(three, user_for):
    user = user_for("case_worker")
    pairs = list(selectors.pairs_for(user))
    assert len(pairs) == 3
    assert [p.weight for p in pairs] == sorted((p.weight for p in pairs), reverse=True)
    profes = Organisation.objects.get(slug="profes")
    assert selectors.pairs_for(user, organisation=profes).count() == 3
    other = Organisation.objects.exclude(pk=profes.pk).first()
    assert selectors.pairs_for(user, organisation=other).count() == 0
    served = Region.objects.filter(organisations=profes).first()
    assert selectors.pairs_for(user, region=served).count() == 3
    elsewhere = Region.objects.exclude(organisations=profes).first()
    if elsewhere is not None:
        assert selectors.pairs_for(user, region=elsewhere).count() == 0


def test_a_cluster_is_shown_and_merged_as_one(three, client_for):
    pair = CandidatePair.objects.order_by("-weight").first()
    assert pair.cluster == min(p.pk for p in three)
    client = client_for("team_lead")
    page = client.get(reverse("duplicates:pair_detail", args=[pair.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "A group of 3 linked records" in text
    response = client.post(
        reverse("duplicates:cluster_merge", args=[pair.pk]), {"survivor": three[0].pk}
    )
    assert response.status_code == 302
    records = MergeRecord.objects.filter(survivor=three[0], undone_at__isnull=True)
    assert {r.merged_id for r in records} == {three[1].pk, three[2].pk}
    assert not CandidatePair.objects.exists()


def test_the_list_filters_on_the_page(three, client_for):
    profes = Organisation.objects.get(slug="profes")
    client = client_for("case_worker")
    url = reverse("duplicates:pair_list")
    assert (
        "3 pairs"
        in client.get(url, {"organisation": profes.pk}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    other = Organisation.objects.exclude(pk=profes.pk).first()
    assert (
        "0 pairs"
        in client.get(url, {"organisation": other.pk}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    bad = client.get(url, {"organisation": "x", "region": "999999999999999"})
    assert bad.status_code == 200
