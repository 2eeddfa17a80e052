"""Records for the access matrix (tests/test_access_matrix.py): a candidate pair and a
merge, both of people within the reach of the carrier ProfeS (case_worker, team_lead)."""

from inprocedere.core.partial_dates import PartialDate
from inprocedere.network.models import Organisation


def _pair_of_people():
    from inprocedere.duplicates import candidates
    from inprocedere.participants.models import Participant

    from .conftest import carrier_case

    carrier = Organisation.objects.get(slug="profes")
    people = [
        Participant.unrestricted.create(
            family_name=family,
            given_names=given,
            birth_date=PartialDate(1980, 1, 2),
            registered_by=carrier,
        )
        for family, given in (("Matrixowa", "Mohammed"), ("Matrixova", "Muhammad"))
    ]
    for participant in people:
        carrier_case(participant)
    candidates.refresh([p.pk for p in people])
    return people


def matrix_kwargs(kind):
    from inprocedere.duplicates.models import CandidatePair, MergeRecord

    a, b = _pair_of_people()
    if kind == "pair":
        return {"pk": CandidatePair.objects.get(a=a, b=b).pk}
    record = MergeRecord.objects.create(survivor=a, merged=b, moved={})
    return {"pk": record.pk}
