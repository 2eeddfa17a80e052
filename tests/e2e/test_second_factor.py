"""Outside the demo, the first sign-in enrols an authenticator app; later ones confirm a code."""

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_enrol_an_authenticator_app_on_first_sign_in(page, sign_in, settings, user_for):
    settings.OTP_REQUIRED = True
    sign_in("coordinator")
    assert "/accounts/otp/setup/" in page.url
    assert page.locator("img.qr").is_visible()
    secret = page.locator("code.token-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    # Fill and submit the form that holds the code field, once the page has settled
    # (a fill during a late reload of the sign-in redirect was lost once).
    page.wait_for_load_state("load")
    form = page.locator("main form:has(input[name=token])")
    form.locator("input[name=token]").fill(f"{totp(key):06d}")
    assert form.locator("input[name=token]").input_value()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    # If the code was refused, the page says why (kept in the failure message).
    assert "/accounts/otp/" not in page.url, page.locator("main").inner_text()
    assert TOTPDevice.objects.get(user=user_for("coordinator")).confirmed
    page.goto("/directory/")
    assert "/directory/" in page.url
