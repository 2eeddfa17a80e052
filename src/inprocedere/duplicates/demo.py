"""Demo: a few people registered twice under other spellings, so the review page of the
demo case worker and team lead (ProfeS) has pairs to decide. Idempotent."""

from django.contrib.auth import get_user_model

from inprocedere.core.partial_dates import PartialDate
from inprocedere.network.models import Organisation
from inprocedere.participants import services
from inprocedere.participants.models import ExternalIdentifier

MARK = "DUP-DEMO-"

# (family, given, birth date, citizenship, second spelling (family, given, birth date))
PAIRS = [
    ("Al-Hassan", "Mohammed", "1988-03-14", "SY", ("Alhassan", "Muhammad", "1988")),
    ("Abdelrahman", "Yusuf", "1992-07-02", "SD", ("Abd al-Rahman", "Youssef", "1992-07-02")),
    ("Tesfay", "Berhane", "1990-01-01", "ER", ("Berhane", "Tesfai", "1990-01-01")),
    ("Heidari", "Achmad", "1985-11-20", "AF", ("Haydari", "Ahmad", "1985-11")),
]


def seed_demo_duplicates() -> int:
    from inprocedere.cases.models import Case

    if ExternalIdentifier.objects.filter(value__startswith=MARK).exists():
        return 0
    actor = get_user_model().objects.filter(username="caseworker").first()
    carrier = Organisation.objects.filter(slug="profes").first()
    if actor is None or carrier is None:
        return 0
    position = carrier.positions.get(title="Beratung und Begleitung Germersheim")
    created = 0
    for number, (family, given, born, country, other) in enumerate(PAIRS, start=1):
        for index, (fam, giv, date) in enumerate(((family, given, born), other)):
            participant = services.participant_register(
                actor=actor,
                family_name=fam,
                given_names=giv,
                birth_date=PartialDate.parse(date),
                citizenships=[country],
                duplicates_confirmed=index == 1,
            )
            Case.unrestricted.create(
                participant=participant, owner_organisation=carrier, owner_position=position
            )
            ExternalIdentifier.objects.create(
                participant=participant,
                organisation=carrier,
                kind=ExternalIdentifier.Kind.PARTICIPANT_REF,
                value=f"{MARK}{number}{'ab'[index]}",
            )
            created += 1
    return created


__all__ = ["seed_demo_duplicates"]
