"""The directory's pages. Thin: reads come from `selectors`, writes go through `services`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from inprocedere.core.edit_pages import versioned_edit
from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires
from inprocedere.privacy.roles import ALL_ROLES, Role

from . import selectors, services
from .forms import (
    DirectorySearchForm,
    OrganisationFilterForm,
    OrganisationForm,
    PersonForm,
    PersonSearchForm,
    PositionForm,
    TenureEndForm,
    TenureStartForm,
)
from .models import Position
from .permissions import reaches
from .selectors import DirectoryQuery

PAGE_SIZE = 50


def _can_edit(request) -> bool:
    return policy.can(request.user, "directory.edit")


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _is_htmx_partial(request) -> bool:
    """An htmx request for part of the page (not a history restore, which wants it all)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


# --- reading --------------------------------------------------------------------------


@require_safe
@requires("directory.read")
def directory(request):
    user = request.user
    form = DirectorySearchForm(
        request.GET or None,
        topics=selectors.topics_for(user),
        regions=selectors.regions_for(user),
        organisations=selectors.organisations_for(user).prefetch_related(None),
    )
    query = DirectoryQuery(
        text=form.value("q"),
        topic=form.value("topic"),
        region=form.value("region"),
        organisation=form.value("organisation"),
    )
    context = {
        "form": form,
        "page": _page(request, selectors.positions_for(user, query)),
        "filtered": any((query.text, query.topic, query.region, query.organisation)),
        "can_edit": _can_edit(request),
    }
    template = "network/_directory_results.html" if _is_htmx_partial(request) else None
    response = render(request, template or "network/directory.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@requires("directory.read")
def organisation_list(request):
    user = request.user
    form = OrganisationFilterForm(request.GET or None, regions=selectors.regions_for(user))
    organisations = selectors.organisations_for(
        user, region=form.value("region"), kind=form.value("kind")
    )
    context = {
        "form": form,
        "page": _page(request, organisations),
        "filtered": bool(form.value("region") or form.value("kind")),
        "can_edit": _can_edit(request),
    }
    return render(request, "network/organisation_list.html", context)


@require_safe
@requires("directory.read")
def organisation_detail(request, slug):
    can_edit = _can_edit(request)
    organisation = selectors.organisation_for(request.user, slug)
    positions = selectors.positions_for(
        request.user, DirectoryQuery(organisation=organisation.slug), include_inactive=can_edit
    )
    context = {"organisation": organisation, "positions": positions, "can_edit": can_edit}
    return render(request, "network/organisation_detail.html", context)


@require_safe
@requires("directory.read")
def position_detail(request, pk):
    can_edit = _can_edit(request)
    position = selectors.position_for(request.user, pk, include_inactive=can_edit)
    context = {
        "position": position,
        "roles": [Role(role).label for role in position.roles if role in ALL_ROLES],
        "can_edit": can_edit,
        "can_turnover": reaches(request.user, position),
    }
    return render(request, "network/position_detail.html", context)


@require_safe
@requires("directory.read")
def person_list(request):
    form = PersonSearchForm(request.GET or None)
    text = form.value("q")
    context = {
        "form": form,
        "page": _page(request, selectors.people_for(request.user, text)),
        "filtered": bool(text),
        "can_edit": _can_edit(request),
    }
    return render(request, "network/person_list.html", context)


@require_safe
@requires("directory.read")
def person_detail(request, pk):
    person = selectors.person_for(request.user, pk)
    context = {"person": person, "can_edit": _can_edit(request)}
    return render(request, "network/person_detail.html", context)


# --- editing --------------------------------------------------------------------------


def _deputy_choices(user, position: Position | None = None):
    """Active positions of the network (and the current deputy, even if inactive)."""
    positions = selectors.positions_for(user, include_inactive=True).prefetch_related(None)
    keep = Q(is_active=True)
    if position is not None:
        keep |= Q(pk=position.deputy_id)
        positions = positions.exclude(pk=position.pk)
    return positions.filter(keep)


@require_http_methods(["GET", "POST"])
@requires("directory.edit")
def organisation_edit(request, slug):
    response, organisation = versioned_edit(
        request,
        load=lambda: selectors.organisation_for(request.user, slug),
        make_form=lambda data, record: OrganisationForm(data, instance=record),
        save=lambda record, version, data: services.organisation_update(
            actor=request.user, organisation=record, version=version, **data
        ),
        saved_message=_("The organisation has been saved."),
        template="network/organisation_form.html",
        context=lambda record: {"organisation": record},
    )
    return response or redirect("network:organisation_detail", slug=organisation.slug)


@require_http_methods(["GET", "POST"])
@requires("directory.edit")
def position_create(request, slug):
    organisation = selectors.organisation_for(request.user, slug)
    deputies = _deputy_choices(request.user)
    form = PositionForm(
        request.POST or None, instance=Position(organisation=organisation), deputies=deputies
    )
    if request.method == "POST" and form.is_valid():
        try:
            position = services.position_create(
                actor=request.user, organisation=organisation, **form.service_data()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The position has been created."))
            return redirect("network:position_detail", pk=position.pk)
    context = {"form": form, "organisation": organisation, "position": None}
    return render(request, "network/position_form.html", context)


@require_http_methods(["GET", "POST"])
@requires("directory.edit")
def position_edit(request, pk):
    def load():
        return selectors.position_for(request.user, pk, include_inactive=True)

    deputies = _deputy_choices(request.user, load())
    response, position = versioned_edit(
        request,
        load=load,
        make_form=lambda data, record: PositionForm(data, instance=record, deputies=deputies),
        save=lambda record, version, data: services.position_update(
            actor=request.user, position=record, version=version, **data
        ),
        saved_message=_("The position has been saved."),
        template="network/position_form.html",
        context=lambda record: {"organisation": record.organisation, "position": record},
    )
    return response or redirect("network:position_detail", pk=position.pk)


@require_http_methods(["GET", "POST"])
@requires("position.turnover")
def position_holders(request, pk):
    """Who holds the position: assign a person, or end a current tenure (with successor
    and handover note). The coordinator handles every position, a team lead their own
    organisation's; other positions are not found."""
    user = request.user
    position = selectors.position_for(user, pk, include_inactive=True)
    if not reaches(user, position):
        raise Http404
    people = selectors.people_for(user).prefetch_related(None)
    current = list(position.current_tenures)
    start_form = TenureStartForm(prefix="start", people=people)
    end_forms = {
        tenure.pk: TenureEndForm(
            prefix=f"end-{tenure.pk}", people=people, note=position.handover_note
        )
        for tenure in current
    }
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "start":
            start_form = TenureStartForm(request.POST, prefix="start", people=people)
            response = _start_tenure(request, position, start_form)
        elif action == "end":
            response = _end_tenure(request, position, current, people, end_forms)
        else:
            raise BadRequest("unknown action")
        if response is not None:
            return response
    context = {
        "position": position,
        "start_form": start_form,
        "holders": [(tenure, end_forms[tenure.pk]) for tenure in current],
    }
    return render(request, "network/position_holders.html", context)


def _start_tenure(request, position, form):
    """Assign the person of the bound start form; a redirect on success, None to show the
    form (with the service's refusal) again."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        services.tenure_start(
            actor=request.user,
            position=position,
            person=data["person"],
            starts_on=data["starts_on"],
        )
    except ValidationError as error:
        form.add_service_error(error)
        return None
    messages.success(request, _("%(person)s now holds this position.") % {"person": data["person"]})
    return redirect("network:position_detail", pk=position.pk)


def _end_tenure(request, position, current, people, end_forms):
    """End the posted current tenure (successor, handover note); a redirect on success or
    when the tenure is no longer current, None to show the bound form in `end_forms`."""
    tenure = next((t for t in current if str(t.pk) == request.POST.get("tenure", "")), None)
    if tenure is None:
        messages.error(request, _("This person no longer holds the position. Please check again."))
        return redirect("network:position_holders", pk=position.pk)
    form = TenureEndForm(request.POST, prefix=f"end-{tenure.pk}", people=people)
    end_forms[tenure.pk] = form
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        services.position_handover(
            actor=request.user,
            tenure=tenure,
            ends_on=data["ends_on"],
            reason=data["end_reason"],
            successor=data["successor"],
            successor_starts_on=data["successor_starts_on"],
            handover_note=data["handover_note"],
        )
    except ValidationError as error:
        form.add_service_error(error)
        return None
    messages.success(
        request, _("The tenure of %(person)s has been ended.") % {"person": tenure.person}
    )
    return redirect("network:position_detail", pk=position.pk)


@require_http_methods(["GET", "POST"])
@requires("directory.edit")
def person_create(request):
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.service_data())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The person has been added."))
            return redirect("network:person_detail", pk=person.pk)
    return render(request, "network/person_form.html", {"form": form, "person": None})


@require_http_methods(["GET", "POST"])
@requires("directory.edit")
def person_edit(request, pk):
    response, person = versioned_edit(
        request,
        load=lambda: selectors.person_for(request.user, pk),
        make_form=lambda data, record: PersonForm(data, instance=record),
        save=lambda record, version, data: services.person_update(
            actor=request.user, person=record, version=version, **data
        ),
        saved_message=_("The person has been saved."),
        template="network/person_form.html",
        context=lambda record: {"person": record},
    )
    return response or redirect("network:person_detail", pk=person.pk)
