"""Step-up re-authentication: the password and the second factor asked for again.

Before a subject-access export or an erasure the person at the keyboard proves once
more that they are who signed in (healthchecks' "sudo mode", pretix's recent
authentication). A successful step-up holds for `INPROCEDERE_STEP_UP_SECONDS`
(default five minutes) in the session; it is never carried over to another session.

`verify(user, password, code)` is shared with the API, where the caller sends both in
the request body instead (an API token alone never suffices for these actions).
"""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from inprocedere.core import audit

from .backends import is_refused_demo_password

STEPPED_UP_AT = "inprocedere_stepped_up_at"
FAILURES = "inprocedere_step_up_failures"
MAX_FAILURES = 5


class StepUpFailed(Exception):
    """The password or the code was wrong (the message is translated)."""


def window_seconds() -> int:
    return int(getattr(settings, "INPROCEDERE_STEP_UP_SECONDS", 300))


def needs_code(user) -> bool:
    """Is a second-factor code part of the step-up for `user`?

    Always when the user has a confirmed device; without one only where no second
    factor is required (demo mode), so a demo still works with the password alone.
    """
    has_device = any(True for _device in devices_for_user(user, confirmed=True))
    return has_device or settings.OTP_REQUIRED


def verify(user, password: str, code: str, *, request=None) -> None:
    """Raise StepUpFailed unless `password` is the user's and `code` a current TOTP code.

    Every attempt is audited (`auth.step_up.confirmed` / `auth.step_up.failed`).
    """
    # The demo password confirms nothing outside demo mode, whatever the database holds.
    password_ok = (
        bool(password) and not is_refused_demo_password(password) and user.check_password(password)
    )
    code_ok = True
    # The code is only tried with the right password: a wrong password must not use up
    # (or throttle) the person's current code.
    if not password_ok:
        code_ok = False
    elif needs_code(user):
        code = (code or "").replace(" ", "")
        code_ok = False
        if code.isdigit():
            for device in devices_for_user(user, confirmed=True):
                allowed, _info = device.verify_is_allowed()
                if allowed and device.verify_token(code):
                    code_ok = True
                    break
    if not (password_ok and code_ok):
        audit.record(
            "auth.step_up.failed",
            actor=user,
            request=request,
            # which half failed, never what was typed
            detail={"failed": "password" if not password_ok else "code"},
        )
        raise StepUpFailed(_("The password or the code is not correct. Please try again."))
    audit.record("auth.step_up.confirmed", actor=user, request=request)


def mark(request) -> None:
    request.session[STEPPED_UP_AT] = int(time.time())
    request.session.pop(FAILURES, None)


def is_fresh(request, *, now: float | None = None) -> bool:
    """Did this session step up within the window?"""
    at = request.session.get(STEPPED_UP_AT)
    if at is None:
        return False
    now = time.time() if now is None else now
    return 0 <= now - int(at) <= window_seconds()


def count_failure(request) -> bool:
    """Count a failed attempt; True (and the session is ended) after too many."""
    failures = int(request.session.get(FAILURES, 0)) + 1
    request.session[FAILURES] = failures
    if failures >= MAX_FAILURES:
        logout(request)
        return True
    return False


def url_for(next_url: str) -> str:
    return f"{reverse('accounts:step_up')}?{urlencode({'next': next_url})}"


def step_up_required(view):
    """A view that runs only within a fresh step-up; otherwise it asks for one first.

    GET and POST alike are sent to the step-up page, which returns to this page's
    address afterwards (a POST is not replayed: the person confirms the action again).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_fresh(request):
            return redirect(url_for(request.get_full_path()))
        return view(request, *args, **kwargs)

    wrapper.step_up_required = True
    return wrapper


def ensure(request):
    """None within a fresh step-up, else the redirect to the step-up page (for views that
    check the policy first, so that an outsider learns nothing from being asked)."""
    if is_fresh(request):
        return None
    return redirect(url_for(request.get_full_path()))


# --- the page ----------------------------------------------------------------------------


def _form_class():
    from django import forms
    from django.utils.translation import gettext_lazy

    class StepUpForm(forms.Form):
        password = forms.CharField(
            label=gettext_lazy("Your password"),
            strip=False,
            max_length=200,
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        )
        code = forms.CharField(
            label=gettext_lazy("Six-digit code from your authenticator app"),
            max_length=8,
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        )

    return StepUpForm


def step_up_view(request):
    """Ask for the password (and the code) again; back to `next` on success."""
    from django.contrib import messages
    from django.shortcuts import render
    from django.utils.http import url_has_allowed_host_and_scheme

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method not in ("GET", "HEAD", "POST"):
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["GET", "POST"])
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    form_class = _form_class()
    form = form_class(request.POST or None)
    with_code = needs_code(request.user)
    if not with_code:
        form.fields.pop("code")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                verify(
                    request.user,
                    form.cleaned_data["password"],
                    form.cleaned_data.get("code", ""),
                    request=request,
                )
            except StepUpFailed as error:
                if count_failure(request):
                    messages.error(
                        request, _("Too many failed attempts: you have been signed out.")
                    )
                    return redirect_to_login(target)
                form.add_error(None, str(error))
            else:
                mark(request)
                return redirect(target)
        status = 400
    context = {
        "form": form,
        "next": target,
        "minutes": max(1, window_seconds() // 60),
    }
    return render(request, "accounts/step_up.html", context, status=status)


def ensure_for(request, next_url: str):
    """Like `ensure`, returning to `next_url` (a page to confirm on again, for a POST)."""
    if is_fresh(request):
        return None
    return redirect(url_for(next_url))
