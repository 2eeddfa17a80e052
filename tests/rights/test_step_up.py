"""Step-up: the password and a current code again, for a short window; wrong input and
an expired window are refused."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from inprocedere.accounts import step_up
from inprocedere.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"


@pytest.fixture
def dpo(user_for):
    user = user_for("dpo")
    user.set_password(PASSWORD)
    user.save()
    return user


def _code(user, offset=0):
    device = TOTPDevice.objects.get(user=user, name="test")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=6, drift=offset)
    return f"{code:06d}"


def _post(client, **data):
    url = reverse("accounts:step_up") + "?next=/data-protection/"
    return client.post(url, {"next": "/data-protection/", **data})


def test_password_and_code_open_the_window(client_for, dpo):
    client = client_for("dpo")
    response = _post(client, password=PASSWORD, code=_code(dpo))
    assert response.status_code == 302
    assert response["Location"] == "/data-protection/"
    assert step_up.STEPPED_UP_AT in client.session
    assert AuditEntry.objects.filter(action="auth.step_up.confirmed", actor=dpo).exists()


@pytest.mark.parametrize("which", ["password", "code", "both", "letters"])
def test_a_wrong_password_or_code_is_refused(client_for, dpo, which):
    client = client_for("dpo")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the message below is English
    good = _code(dpo)
    wrong_code = f"{(int(good) + 1) % 1_000_000:06d}"
    data = {
        "password": {"password": "wrong", "code": good},
        "code": {"password": PASSWORD, "code": wrong_code},
        "both": {"password": "wrong", "code": wrong_code},
        "letters": {"password": PASSWORD, "code": "abcdef"},
    }[which]
    response = _post(client, **data)
    assert response.status_code == 400
    assert "The password or the code is not correct" in response.content.decode()
    assert step_up.STEPPED_UP_AT not in client.session
    assert AuditEntry.objects.filter(action="auth.step_up.failed", actor=dpo).exists()


def test_the_code_is_required_when_a_device_exists(client_for, dpo):
    response = _post(client_for("dpo"), password=PASSWORD, code="")
    assert response.status_code == 400


def test_too_many_failures_sign_out(client_for, dpo):
    client = client_for("dpo")
    for _attempt in range(step_up.MAX_FAILURES - 1):
        assert _post(client, password="wrong", code="000000").status_code == 400
    response = _post(client, password="wrong", code="000000")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_the_window_expires(client_for, dpo, settings):
    settings.INPROCEDERE_STEP_UP_SECONDS = 300
    client = client_for("dpo")
    _post(client, password=PASSWORD, code=_code(dpo))

    class Request:
        session = client.session

    at = client.session[step_up.STEPPED_UP_AT]
    assert step_up.is_fresh(Request, now=at + 300)
    assert not step_up.is_fresh(Request, now=at + 301)
    assert not step_up.is_fresh(Request, now=time.time() + 10_000)


def test_an_expired_window_sends_back_to_the_step_up(client_for, dpo, subject):
    client = client_for("dpo")
    _post(client, password=PASSWORD, code=_code(dpo))
    session = client.session
    session[step_up.STEPPED_UP_AT] = int(time.time()) - 301
    session.save()
    url = reverse("rights:subject_access", kwargs={"pk": subject.pk})
    response = client.post(url, {"language": "de"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:step_up"))


def test_an_outside_next_is_not_followed(client_for, dpo):
    client = client_for("dpo")
    url = reverse("accounts:step_up")
    response = client.post(
        url, {"next": "https://evil.example/", "password": PASSWORD, "code": _code(dpo)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_without_a_device_in_demo_mode_the_password_suffices(client, dpo, settings):
    settings.OTP_REQUIRED = False
    client.force_login(dpo)
    from inprocedere.accounts.sessions import mark_authenticated

    class Request:
        session = client.session

    mark_authenticated(Request)
    Request.session.save()
    page = client.get(reverse("accounts:step_up"))
    assert page.status_code == 200
    assert "code" not in page.context["form"].fields
    assert _post(client, password=PASSWORD).status_code == 302


def test_the_api_verify_refuses_a_token_alone(dpo):
    with pytest.raises(step_up.StepUpFailed):
        step_up.verify(dpo, "", "")
