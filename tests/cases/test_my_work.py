import datetime as dt

import pytest
from django.utils import timezone

from inprocedere.cases import selectors
from inprocedere.cases.models import ReferralTransition

pytestmark = pytest.mark.django_db


def test_the_referrer_sees_the_answer_for_thirty_days(user_for, case, participant):
    authority = user_for("authority_officer")
    sent = selectors.my_work(authority).sent
    assert [r.participant_id for r in sent] == [participant.pk]
    assert sent[0].state == "intake_done"

    ReferralTransition.objects.filter(referral__participant=participant).update(
        at=timezone.now() - dt.timedelta(days=31)
    )
    assert selectors.my_work(authority).sent == []
