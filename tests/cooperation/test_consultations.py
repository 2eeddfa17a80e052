"""Consultations: every transition allowed and refused, consent, deputy routing, bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inprocedere.cooperation import services
from inprocedere.cooperation.models import Consultation, ConsultationMessage
from inprocedere.cooperation.services import ConsentMissing
from inprocedere.cooperation.workflows import ConsultationState
from inprocedere.core.models import AuditEntry

from .conftest import in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def ask(user_for, carrier_position, authority_position, case):
    def make(**kwargs):
        data = {
            "actor": user_for("case_worker"),
            "case": case,
            "from_position": carrier_position,
            "to_position": authority_position,
            "topic": "residence_law",
            "subject": "Beschäftigungserlaubnis",
            "question": "Can the Duldung holder start the apprenticeship in March?",
            "due_on": in_days(7),
        }
        data.update(kwargs)
        return services.consultation_ask(**data)

    return make


def test_asking_opens_a_thread_with_the_question_and_an_audit_entry(ask):
    consultation = ask()
    assert consultation.state == ConsultationState.OPEN
    assert consultation.consent is not None
    assert [m.kind for m in consultation.messages.all()] == ["question"]
    assert AuditEntry.objects.filter(
        action="cooperation.consultation.asked", object_id=str(consultation.pk)
    ).exists()


def test_the_full_path_open_answered_open_answered_closed(ask, user_for):
    consultation = ask()
    services.consultation_answer(
        actor=user_for("authority_officer"), consultation=consultation, answer="Yes, apply now."
    )
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.ANSWERED
    first_answer = consultation.answered_at
    assert first_answer is not None
    services.consultation_follow_up(
        actor=user_for("case_worker"),
        consultation=consultation,
        question="Which documents?",
        due_on=in_days(3),
    )
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.OPEN
    assert consultation.due_on == in_days(3)
    services.consultation_answer(
        actor=user_for("authority_officer"), consultation=consultation, answer="Passport."
    )
    services.consultation_close(actor=user_for("case_worker"), consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.CLOSED
    assert consultation.answered_at == first_answer  # response time counts the first answer
    assert [m.kind for m in consultation.messages.all()] == [
        "question",
        "answer",
        "follow_up",
        "answer",
        "closing",
    ]


def test_withdrawal_only_while_open(ask, user_for):
    consultation = ask()
    services.consultation_withdraw(actor=user_for("case_worker"), consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.WITHDRAWN
    with pytest.raises(ValidationError):
        services.consultation_answer(
            actor=user_for("authority_officer"), consultation=consultation, answer="Late"
        )
    with pytest.raises(ValidationError):
        services.consultation_close(actor=user_for("case_worker"), consultation=consultation)


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        ([], "close"),  # open cannot be closed before an answer
        ([], "follow_up"),  # nor followed up
        (["answer"], "withdraw"),  # answered cannot be withdrawn
        (["answer"], "answer"),  # nor answered twice without a follow-up
        (["answer", "close"], "follow_up"),  # closed is final
        (["answer", "close"], "withdraw"),
        (["withdraw"], "follow_up"),  # withdrawn is final
    ],
)
def test_refused_transitions_change_nothing(ask, user_for, steps, refused):
    consultation = ask()
    asker, addressee = user_for("case_worker"), user_for("authority_officer")
    calls = {
        "answer": lambda: services.consultation_answer(
            actor=addressee, consultation=consultation, answer="An answer"
        ),
        "close": lambda: services.consultation_close(actor=asker, consultation=consultation),
        "withdraw": lambda: services.consultation_withdraw(actor=asker, consultation=consultation),
        "follow_up": lambda: services.consultation_follow_up(
            actor=asker, consultation=consultation, question="Again?"
        ),
    }
    for step in steps:
        calls[step]()
    consultation.refresh_from_db()
    before = (consultation.state, consultation.messages.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError):
        calls[refused]()
    consultation.refresh_from_db()
    assert (consultation.state, consultation.messages.count(), AuditEntry.objects.count()) == before


def test_only_the_addressee_answers(ask, user_for):
    consultation = ask()
    for persona in ("case_worker", "team_lead", "jobcentre_officer", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.consultation_answer(
                actor=user_for(persona), consultation=consultation, answer="Not mine to answer"
            )
    assert consultation.messages.count() == 1
    assert Consultation.objects.get(pk=consultation.pk).state == ConsultationState.OPEN


def test_only_the_asking_side_closes_or_withdraws(ask, user_for):
    consultation = ask()
    with pytest.raises(PermissionDenied):
        services.consultation_withdraw(
            actor=user_for("authority_officer"), consultation=consultation
        )
    with pytest.raises(PermissionDenied):
        services.consultation_withdraw(
            actor=user_for("jobcentre_officer"), consultation=consultation
        )
    # A colleague of the asking organisation may withdraw it (the question belongs to the side).
    services.consultation_withdraw(actor=user_for("team_lead"), consultation=consultation)


def test_a_vacant_position_is_answered_by_its_deputy(ask, user_for, vacant_authority_position):
    consultation = ask(to_position=vacant_authority_position)
    # The `authority` persona holds the deputy position, not the vacant one.
    services.consultation_answer(
        actor=user_for("authority_officer"), consultation=consultation, answer="As deputy: yes."
    )
    answer = consultation.messages.get(kind="answer")
    assert answer.position == vacant_authority_position.deputy


def test_an_occupied_position_is_not_answered_by_its_deputy(ask, user_for, authority_position, org):
    from inprocedere.network.models import Position

    # ger-abh-lead (held by someone without an account) is deputised by ger-abh (authority).
    lead = Position.objects.get(
        organisation=org("kv-germersheim"), title="Ausländerbehörde – Sachgebietsleitung"
    )
    assert lead.deputy == authority_position and not lead.is_vacant
    consultation = ask(to_position=lead)
    with pytest.raises(PermissionDenied):
        services.consultation_answer(
            actor=user_for("authority_officer"), consultation=consultation, answer="Not mine"
        )


def test_no_consent_no_consultation(ask, make_case, jobcentre_position):
    case = make_case(consent_to=("kv-germersheim",))
    before = Consultation.objects.count()
    with pytest.raises(ConsentMissing) as refused:
        ask(case=case, to_position=jobcentre_position)
    assert "Jobcenter" in refused.value.messages[0]
    assert refused.value.consent_form_url.endswith(f"/participant/{case.participant_id}/form/")
    assert Consultation.objects.count() == before


def test_a_referral_consent_does_not_cover_a_consultation(ask, make_case):
    case = make_case(purposes=("referral",))
    with pytest.raises(ConsentMissing):
        ask(case=case)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("due_on", in_days(-1)),
        ("due_on", None),
        ("topic", "weather"),
        ("subject", "   "),
        ("question", ""),
        ("question", "x" * 4001),
    ],
)
def test_bad_input_is_refused_with_nothing_written(ask, field, value):
    before = (Consultation.objects.count(), ConsultationMessage.objects.count())
    with pytest.raises(ValidationError) as refused:
        ask(**{field: value})
    assert field in refused.value.message_dict
    assert (Consultation.objects.count(), ConsultationMessage.objects.count()) == before


def test_asking_ones_own_organisation_or_from_a_foreign_position_is_refused(
    ask, lead_position, authority_position
):
    with pytest.raises(ValidationError):
        ask(to_position=lead_position)
    with pytest.raises(ValidationError) as refused:
        ask(from_position=authority_position)
    assert "from_position" in refused.value.message_dict


def test_a_case_out_of_reach_is_refused(ask, user_for, case):
    with pytest.raises(PermissionDenied):
        ask(actor=user_for("jobcentre_officer"))


def test_overdue_is_flagged(ask):
    consultation = ask()
    Consultation.objects.filter(pk=consultation.pk).update(due_on=in_days(-2))
    consultation.refresh_from_db()
    assert consultation.is_overdue


def test_the_inbox_of_the_deputy_gets_a_consultation_to_a_vacant_position(
    ask, user_for, vacant_authority_position, carrier_position
):
    from inprocedere.inbox.models import InboxItem

    consultation = ask(to_position=vacant_authority_position)
    item = InboxItem.objects.get(key=f"consultation:{consultation.pk}:asked")
    assert item.position == vacant_authority_position
    assert item.delivered_to == vacant_authority_position.deputy
    assert "Haddad" not in item.title and "Beschäftigungserlaubnis" not in item.title
    services.consultation_answer(
        actor=user_for("authority_officer"), consultation=consultation, answer="Yes."
    )
    answered = InboxItem.objects.get(key__startswith=f"consultation:{consultation.pk}:answer:")
    assert answered.position == carrier_position


def test_the_list_shows_open_ones_first_the_most_urgent_on_top(ask, user_for):
    from inprocedere.cooperation import selectors

    later = ask(due_on=in_days(9))
    sooner = ask(due_on=in_days(2))
    settled = ask(due_on=in_days(1))
    services.consultation_answer(
        actor=user_for("authority_officer"), consultation=settled, answer="Yes."
    )
    services.consultation_close(actor=user_for("case_worker"), consultation=settled)
    answered = ask(due_on=in_days(1))
    services.consultation_answer(
        actor=user_for("authority_officer"), consultation=answered, answer="Yes."
    )
    listed = list(selectors.consultations_for(user_for("case_worker")))
    assert listed == [sooner, later, answered, settled]
