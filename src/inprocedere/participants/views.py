"""The participant pages. Thin: reads come from `selectors`, writes go through `services`.

A record outside the user's reach answers 404 like an unknown one; the register shows
only the participants the user works with (none for roles without case work).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from inprocedere.core.edit_pages import versioned_edit
from inprocedere.core.pagination import BoundedPaginator
from inprocedere.network.models import Organisation
from inprocedere.privacy import policy
from inprocedere.privacy import selectors as privacy_selectors
from inprocedere.privacy.decorators import requires

from . import selectors, services
from .duplicates import find_possible_duplicates
from .forms import (
    AliasForm,
    BenefitPeriodForm,
    ExternalIdentifierForm,
    ParticipantForm,
    ParticipantSearchForm,
    RegistrationForm,
    ResidenceStatusForm,
    WorkPermitApplicationForm,
)
from .selectors import ParticipantQuery

PAGE_SIZE = 50


@require_safe
@login_required
def participant_list(request):
    user = request.user
    form = ParticipantSearchForm(request.GET or None)
    query = ParticipantQuery(text=form.value("q"), birth_year=form.value("birth_year") or None)
    participants = selectors.participants_for(user, query)
    if form.is_bound and not form.is_valid():
        # A search too short or too long is answered at once, without reading the register.
        participants = participants.none()
    page = BoundedPaginator(participants, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        (p, selectors.facts_for(p, today) if p.disclosure.shows("residence") else None)
        for p in policy.disclose_rows(user, page.object_list)
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filtered": bool(query.text or query.birth_year or form.errors),
        "can_read": policy.can(user, "participant.read"),
        "can_register": policy.can(user, "participant.register"),
    }
    return render(request, "participants/participant_list.html", context)


@require_http_methods(["GET", "POST"])
@requires("participant.register")
def participant_create(request):
    user = request.user
    positions = policy.actor_for(user).case_positions
    form = RegistrationForm(request.POST or None, positions=positions)
    candidates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidates = find_possible_duplicates(
            data["family_name"],
            data["given_names"],
            data["birth_date"],
            among=selectors.participants_for(user),
        )
        if not candidates or data["confirm"]:
            try:
                participant = services.participant_register(
                    actor=user, duplicates_confirmed=bool(candidates), **form.service_data()
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The participant has been registered."))
                return redirect("participants:participant_detail", pk=participant.pk)
    context = {"form": form, "candidates": candidates}
    return render(request, "participants/participant_create.html", context)


@require_safe
@login_required
def participant_detail(request, pk):
    user = request.user
    # The read is in the access log (policy.disclosure, one insert per page); what the
    # buttons offer is asked in the participant's own query.
    participant = selectors.participant_for(
        user, pk, flags={"may_edit": "participant.edit", "may_manage": "consent.record"}
    )
    context = {
        "participant": participant,
        "facts": selectors.facts_for(participant),
        "can_edit": participant.may_edit,
        **selectors.case_work_for(user, participant),
        # Through the policy, never `participant.consents.all`.
        "consents": list(privacy_selectors.consents_for(user, participant)),
        # Recording and withdrawing stay with the organisations that hold the data.
        "can_manage_consents": participant.may_manage,
    }
    return render(request, "participants/participant_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def participant_edit(request, pk):
    response, participant = versioned_edit(
        request,
        load=lambda: selectors.participant_for(request.user, pk, permission="participant.edit"),
        make_form=lambda data, record: ParticipantForm(data, instance=record),
        save=lambda record, version, data: services.participant_update(
            actor=request.user, participant=record, version=version, **data
        ),
        saved_message=_("The participant has been saved."),
        template="participants/participant_form.html",
        context=lambda record: {"participant": record},
    )
    return response or redirect("participants:participant_detail", pk=participant.pk)


# --- records of a participant ------------------------------------------------------------


def _record_page(request, participant, form, save, *, title, saved):
    """Show `form` for a new record of `participant`; on a valid POST call `save(data)`."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.service_data())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, saved)
            return redirect("participants:participant_detail", pk=participant.pk)
    context = {"form": form, "participant": participant, "title": title}
    return render(request, "participants/record_form.html", context)


def _record_edit(request, pk, *, load, make_form, save, title, saved):
    """The edit page of a versioned record of person `pk` (`core.edit_pages`): a stale
    save shows the stored values with who changed them, and 409."""
    response, _record = versioned_edit(
        request,
        load=load,
        make_form=make_form,
        save=save,
        saved_message=saved,
        template="participants/record_form.html",
        context=lambda record: {"participant": record.participant, "title": title},
    )
    return response or redirect("participants:participant_detail", pk=pk)


def _editable(request, pk):
    return selectors.participant_for(request.user, pk, permission="participant.edit")


def _authorities():
    return Organisation.objects.order_by("name")


def _residence_form(request, data, instance=None):
    return ResidenceStatusForm(
        data,
        instance=instance,
        status_types=selectors.status_type_choices(request.user),
        authorities=_authorities(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def residence_create(request, pk):
    participant = _editable(request, pk)
    return _record_page(
        request,
        participant,
        _residence_form(request, request.POST or None),
        lambda data: services.residence_status_add(
            actor=request.user, participant=participant, **data
        ),
        title=_("Add a residence status"),
        saved=_("The residence status has been added."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def residence_edit(request, pk, record_pk):
    return _record_edit(
        request,
        pk,
        load=lambda: selectors.residence_status_for(request.user, pk, record_pk),
        make_form=lambda data, record: _residence_form(request, data, record),
        save=lambda record, version, data: services.residence_status_update(
            actor=request.user, status=record, version=version, **data
        ),
        title=_("Edit a residence status"),
        saved=_("The residence status has been saved."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def benefit_create(request, pk):
    participant = _editable(request, pk)
    return _record_page(
        request,
        participant,
        BenefitPeriodForm(request.POST or None, agencies=_authorities()),
        lambda data: services.benefit_period_add(
            actor=request.user, participant=participant, **data
        ),
        title=_("Add a benefit period"),
        saved=_("The benefit period has been added."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def benefit_edit(request, pk, record_pk):
    return _record_edit(
        request,
        pk,
        load=lambda: selectors.benefit_period_for(request.user, pk, record_pk),
        make_form=lambda data, record: BenefitPeriodForm(
            data, instance=record, agencies=_authorities()
        ),
        save=lambda record, version, data: services.benefit_period_update(
            actor=request.user, period=record, version=version, **data
        ),
        title=_("Edit a benefit period"),
        saved=_("The benefit period has been saved."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def work_permit_create(request, pk):
    participant = _editable(request, pk)
    return _record_page(
        request,
        participant,
        WorkPermitApplicationForm(request.POST or None),
        lambda data: services.work_permit_application_add(
            actor=request.user, participant=participant, **data
        ),
        title=_("Add a work-permit application"),
        saved=_("The work-permit application has been added."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def work_permit_edit(request, pk, record_pk):
    return _record_edit(
        request,
        pk,
        load=lambda: selectors.work_permit_application_for(request.user, pk, record_pk),
        make_form=lambda data, record: WorkPermitApplicationForm(data, instance=record),
        save=lambda record, version, data: services.work_permit_application_update(
            actor=request.user, application=record, version=version, **data
        ),
        title=_("Edit a work-permit application"),
        saved=_("The work-permit application has been saved."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def alias_create(request, pk):
    participant = _editable(request, pk)
    return _record_page(
        request,
        participant,
        AliasForm(request.POST or None),
        lambda data: services.alias_add(actor=request.user, participant=participant, **data),
        title=_("Add another spelling of the name"),
        saved=_("The alias has been added."),
    )


@require_POST
@login_required
def alias_delete(request, pk, record_pk):
    alias = selectors.alias_for(request.user, pk, record_pk)
    services.alias_remove(actor=request.user, alias=alias)
    messages.success(request, _("The alias has been removed."))
    return redirect("participants:participant_detail", pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def external_id_create(request, pk):
    participant = _editable(request, pk)
    return _record_page(
        request,
        participant,
        ExternalIdentifierForm(request.POST or None, organisations=_authorities()),
        lambda data: services.external_id_add(actor=request.user, participant=participant, **data),
        title=_("Add an identifier"),
        saved=_("The identifier has been added."),
    )
