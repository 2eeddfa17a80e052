"""The consent pages: record, show, withdraw, download the scan, print the form.

Thin: reads come from `selectors`, writes go through `services`. A consent or person
outside the user's reach answers 404 like an unknown one; the scan is served only here,
after the policy, never from a public media URL.
"""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from inprocedere.core import audit
from inprocedere.participants import selectors as participant_selectors

from . import consent_forms, policy, selectors, services
from .categories import Category
from .forms import ConsentForm, FormChoiceForm, WithdrawForm
from .models import Purpose

NO_STORE = "no-store, private"


def _participant(request, pk):
    return participant_selectors.participant_for(request.user, pk, permission="consent.record")


def _next_page(request) -> str | None:
    """Where to return after recording (the refused referral or invitation), if it is a
    page of this site."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_http_methods(["GET", "POST"])
@login_required
def consent_create(request, pk):
    user = request.user
    participant = _participant(request, pk)
    if request.method == "POST":
        form = ConsentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                consent = services.consent_record(
                    actor=user, participant=participant, **form.service_data()
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The consent has been recorded."))
                detail = reverse("privacy:consent_detail", kwargs={"pk": consent.pk})
                return redirect(_next_page(request) or detail)
    else:
        # Opened from the printed form's page: start with what the form named.
        choice = FormChoiceForm(request.GET or None)
        initial = {}
        if choice.is_bound and choice.is_valid():
            initial = {
                key: value for key, value in choice.choices().items() if value not in ([], None)
            }
        form = ConsentForm(initial=initial)
    context = {"form": form, "participant": participant}
    return render(request, "privacy/consent_form.html", context)


def _detail(request, consent, withdraw_form=None, status=200):
    user = request.user
    context = {
        "consent": consent,
        "participant": consent.participant,
        "valid_today": consent.is_valid_on(),
        "category_labels": [
            label for value, label in Category.choices if value in consent.categories
        ],
        "purpose_labels": [label for value, label in Purpose.choices if value in consent.purposes],
        "can_withdraw": consent.withdrawn_on is None
        and policy.can(user, "consent.withdraw", consent),
        "withdraw_form": withdraw_form or WithdrawForm(),
    }
    return render(request, "privacy/consent_detail.html", context, status=status)


@require_safe
@login_required
def consent_detail(request, pk):
    consent = selectors.consent_for(request.user, pk)
    audit.record(
        "privacy.consent.viewed",
        actor=request.user,
        obj=consent,
        request=request,
        detail={"participant": consent.participant_id, "page": "consent"},
    )
    return _detail(request, consent)


@require_POST
@login_required
def consent_withdraw(request, pk):
    consent = selectors.consent_for(request.user, pk, permission="consent.withdraw")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.consent_withdraw(actor=request.user, consent=consent, **form.service_data())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The withdrawal has been recorded; the consent no longer covers anything."),
            )
            return redirect("privacy:consent_detail", pk=consent.pk)
    return _detail(request, consent, withdraw_form=form, status=400)


@require_safe
@login_required
def consent_scan(request, pk):
    consent = selectors.consent_for(request.user, pk)
    if not consent.scan:
        raise Http404
    extension = os.path.splitext(consent.scan.name)[1].lower()
    kind, _magic = services.SCAN_TYPES.get(extension, ("pdf", b""))
    try:
        handle = consent.scan.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record(
        "privacy.consent.scan_downloaded",
        actor=request.user,
        obj=consent,
        request=request,
        detail={"participant": consent.participant_id},
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"consent-{consent.pk}{extension}",
        content_type=services.SCAN_CONTENT_TYPES[kind],
    )
    response["Cache-Control"] = NO_STORE
    return response


@require_safe
@login_required
def consent_form_page(request, pk):
    participant = _participant(request, pk)
    form = FormChoiceForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    context = {"form": form, "participant": participant}
    return render(request, "privacy/consent_form_choice.html", context)


@require_safe
@login_required
def consent_form_pdf(request, pk):
    participant = _participant(request, pk)
    form = FormChoiceForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "participant": participant}
        return render(request, "privacy/consent_form_choice.html", context, status=400)
    choices = form.choices()
    try:
        organisation = services.recording_organisation_for(request.user, participant)
    except ValidationError:
        raise Http404 from None
    pdf = consent_forms.consent_form_pdf(
        participant=participant, organisation=organisation, **choices
    )
    audit.record(
        "privacy.consent_form.generated",
        actor=request.user,
        obj=participant,
        request=request,
        detail={
            "participant": participant.pk,
            "language": choices["language"],
            "recipients": [org.pk for org in choices["recipients"]],
            "categories": choices["categories"],
            "purposes": choices["purposes"],
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"consent-form-{participant.pk}-{choices['language']}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = NO_STORE
    return response
