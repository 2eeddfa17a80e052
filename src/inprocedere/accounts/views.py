import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from inprocedere.core import audit
from inprocedere.privacy import policy

from . import services
from .forms import LoginForm, OTPTokenForm, TokenCreateForm
from .models import ApiToken


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record("auth.password.changed", actor=self.request.user, request=self.request)
        messages.success(self.request, _("Your password has been changed."))
        return response


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You have been signed out."))
    return redirect("accounts:login")


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _qr_data_uri(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enrol an authenticator app: scan the code, confirm with its first six digits."""
    if any(True for _ in devices_for_user(request.user, confirmed=True)):
        return redirect("accounts:otp_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=_("Authenticator app"), confirmed=False
        )
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            services.otp_device_confirm(user=request.user, device=device, request=request)
            otp_login(request, device)
            messages.success(request, _("Your second factor is set up."))
            return redirect(_next_url(request))
        form.add_error(
            "token", _("The code does not match. Check your device's clock and try again.")
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": request.GET.get("next", ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("accounts:otp_setup")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            allowed, _info = device.verify_is_allowed()
            if allowed and device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                audit.record("auth.otp.verified", actor=request.user, request=request)
                return redirect(_next_url(request))
        audit.record("auth.otp.failed", actor=request.user, request=request)
        form.add_error("token", _("The code is not valid. Please try again."))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    new_token = None
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.token_create(
                actor=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenCreateForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request, "accounts/tokens.html", {"form": form, "tokens": tokens, "new_token": new_token}
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        services.token_revoke(actor=request.user, token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The token has been revoked."))
    return redirect("accounts:token_list")


__all__ = ["LoginView", "PasswordChangeView", "logout_view", "otp_setup", "otp_verify"]


@require_safe
def home(request):
    """The start page: sign in first; then one's work (case roles) or the directory."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if policy.can(request.user, "case.read"):
        return redirect("cases:my_work")
    return redirect("network:directory")
