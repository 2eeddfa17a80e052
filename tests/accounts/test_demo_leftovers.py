"""Outside demo mode the demo password opens nothing, and `check --deploy` names the leftovers."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, RequestFactory

from inprocedere.accounts.checks import demo_leftovers
from inprocedere.accounts.demo_leftovers import demo_participants
from inprocedere.core.models import AuditEntry
from inprocedere.network.models import Organisation
from inprocedere.participants.models import Participant

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = django_settings.DEMO_PASSWORD


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEMO = False
    settings.OTP_REQUIRED = False  # the password step is what is tested here


def sign_in(client, path="/accounts/login/", username="teamlead", password=DEMO_PASSWORD):
    return client.post(
        path, {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_a_demo_account_does_not_sign_in_with_the_demo_password(client, user_for):
    assert user_for("team_lead").check_password(DEMO_PASSWORD)  # what the database holds
    response = sign_in(client)
    assert response.status_code == 200
    assert "published demo password does not work" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="auth.login.failed").exists()
    german = Client(HTTP_ACCEPT_LANGUAGE="de").post(
        "/accounts/login/", {"username": "teamlead", "password": DEMO_PASSWORD}
    )
    assert "Demo-Passwort" in german.content.decode()


def test_no_backend_and_no_sign_in_form_accepts_it(client, user_for):
    request = RequestFactory().post("/accounts/login/")
    request.user = AnonymousUser()
    assert authenticate(request, username="admin", password=DEMO_PASSWORD) is None
    response = sign_in(client, "/admin/login/", username="admin")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_in_demo_mode_the_demo_password_still_works(client, settings):
    settings.DEMO = True
    response = sign_in(client)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_deploy_check_names_demo_accounts_and_the_command_that_removes_them():
    errors = {error.id: error for error in demo_leftovers(None)}
    assert "teamlead" in errors["inprocedere.E003"].msg
    assert "inprocedere remove-demo" in errors["inprocedere.E003"].hint
    with pytest.raises(SystemCheckError, match="remove-demo"):
        call_command("check", "--deploy")


def test_remove_demo_clears_accounts_and_fictional_people(user_for):
    from inprocedere.demo_cases import seed_demo_cases

    seed_demo_cases()
    demo_count = demo_participants().count()
    assert demo_count > 50
    real = Participant.unrestricted.create(
        family_name="Echt", given_names="Erika", registered_by=Organisation.objects.first()
    )
    errors = {error.id: error for error in demo_leftovers(None)}
    assert f"{demo_count} fictional participants" in errors["inprocedere.E004"].msg

    call_command("remove-demo")

    assert demo_leftovers(None) == []
    assert list(Participant.unrestricted.all()) == [real]
    teamlead = user_for("team_lead")
    assert not teamlead.is_active
    assert not teamlead.has_usable_password()
    assert (
        Client()
        .post("/accounts/login/", {"username": "teamlead", "password": DEMO_PASSWORD})
        .status_code
        == 200
    )


def test_remove_demo_refuses_in_demo_mode(settings):
    from django.core.management.base import CommandError

    settings.DEMO = True
    with pytest.raises(CommandError):
        call_command("remove-demo")


def test_the_demo_password_does_not_confirm_a_step_up(user_for):
    from inprocedere.accounts import step_up

    dpo = user_for("dpo")
    assert dpo.check_password(DEMO_PASSWORD)
    with pytest.raises(step_up.StepUpFailed):
        step_up.verify(dpo, DEMO_PASSWORD, "")
