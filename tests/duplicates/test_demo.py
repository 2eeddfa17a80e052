"""The duplicates demo: pairs for the demo case worker to review; seeded once."""

import pytest

from inprocedere.duplicates.demo import PAIRS, seed_demo_duplicates
from inprocedere.duplicates.models import CandidatePair
from inprocedere.duplicates.selectors import pairs_for

pytestmark = pytest.mark.django_db


def test_the_demo_pairs_are_found_and_reviewable(user_for):
    assert seed_demo_duplicates() == 2 * len(PAIRS)
    assert seed_demo_duplicates() == 0
    assert CandidatePair.objects.count() >= len(PAIRS)
    assert pairs_for(user_for("case_worker")).count() >= len(PAIRS)
    assert pairs_for(user_for("authority_officer")).count() == 0
