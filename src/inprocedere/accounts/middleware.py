import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .sessions import SEEN_AT, expiry_reason


def _is_htmx(request) -> bool:
    """A fragment request of htmx (e.g. the inbox counter in the navigation).

    Redirecting it to a full page would not navigate: htmx follows the redirect and swaps
    the whole sign-in or enrolment page into the fragment's place (a second form inside
    the navigation). Such requests get an empty answer or `HX-Redirect` instead.
    """
    return request.headers.get("HX-Request") == "true"


class SessionLimitsMiddleware:
    """Signs out after 30 minutes without a request, and 10 hours after signing in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not getattr(request, "api_token", None):
            reason = expiry_reason(
                request,
                idle_limit=settings.SESSION_IDLE_TIMEOUT,
                absolute_limit=settings.SESSION_ABSOLUTE_TIMEOUT,
            )
            if reason:
                request._logout_reason = f"expired:{reason}"
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
                login_url = f"{reverse('accounts:login')}?next={request.path}"
                if _is_htmx(request):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = reverse("accounts:login")  # the whole page
                    return response
                if not request.path.startswith("/api/"):
                    return redirect(login_url)
            else:
                # Writing once a minute at most keeps the session table quiet.
                now = int(time.time())
                if now - request.session.get(SEEN_AT, 0) >= 60:
                    request.session[SEEN_AT] = now
        return self.get_response(request)


# Pages reachable before the second factor: signing in and out, enrolment, and what
# has its own authentication (the API checks the factor for session users itself).
EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/otp/",
    "/static/",
    "/i18n/",
    "/api/",
    "/health",
)


class SecondFactorRequiredMiddleware:
    """Outside demo mode, a signed-in person must confirm a second factor before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.OTP_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            if _is_htmx(request):
                return HttpResponse(status=204)  # no fragment before the second factor
            from django_otp import devices_for_user

            target = (
                "accounts:otp_verify"
                if any(True for _ in devices_for_user(user, confirmed=True))
                else "accounts:otp_setup"
            )
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
