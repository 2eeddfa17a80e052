"""The data-protection officer's pages: find a person, their access log (page, CSV,
XLSX), the subject-access export, retention and erasure.

Every page needs the DPO role (others: 403; an unknown person: 404). The export and
the erasure run only within a fresh step-up (accounts/step_up.py): the preview and the
forms show without one, the confirming POST asks for it first.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from inprocedere.accounts import step_up
from inprocedere.privacy import policy
from inprocedere.privacy.categories import Category
from inprocedere.privacy.decorators import requires
from inprocedere.reporting import streaming

from . import exports, retention, selectors, services, shredders, subject_access
from .forms import AccessLogFilterForm, ErasureForm, FinderForm, SubjectAccessForm

PAGE_SIZE = 50
NO_STORE = "no-store, private"


@require_safe
@requires("rights.find_participant")
def dpo_home(request):
    form = FinderForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        results = selectors.find_participants(request.user, form.cleaned_data["q"])
    context = {
        "form": form,
        "results": results,
        "recent": selectors.recent_erasures(),
    }
    return render(request, "rights/dpo_home.html", context)


@require_safe
@requires("rights.access_log")
def participant(request, pk):
    person = selectors.participant_for_dpo(request.user, pk)
    context = {
        "participant": person,
        "retention": retention.retention_of(person),
        "erasures": selectors.erasures_of(person),
    }
    return render(request, "rights/participant.html", context)


def _log_page_context(request, person):
    form = AccessLogFilterForm(request.GET or None)
    entries = selectors.access_log_for(request.user, person, form.filters())
    return form, entries


@require_safe
@requires("rights.access_log")
def access_log(request, pk):
    person = selectors.participant_for_dpo(request.user, pk)
    form, entries = _log_page_context(request, person)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if form.is_bound and not form.is_valid() else 200
    context = {"participant": person, "form": form, "page": page}
    return render(request, "rights/access_log.html", context, status=status)


def _access_log_download(request, pk, fmt):
    person = selectors.participant_for_dpo(request.user, pk)
    form, entries = _log_page_context(request, person)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            " ".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    stamp = timezone.localdate().isoformat()
    download = exports.access_log_download(person.pk, entries, f"access-log-{person.pk}-{stamp}")
    response = streaming.response(download, fmt)  # sent as the rows are read
    response["Cache-Control"] = NO_STORE
    return response


@require_safe
@requires("rights.access_log")
def access_log_csv(request, pk):
    return _access_log_download(request, pk, "csv")


@require_safe
@requires("rights.access_log")
def access_log_xlsx(request, pk):
    return _access_log_download(request, pk, "xlsx")


@require_http_methods(["GET", "POST"])
@requires("rights.subject_access")
def subject_access_view(request, pk):
    person = selectors.participant_for_dpo(request.user, pk)
    initial = {"language": subject_access.language_for(person)}
    form = SubjectAccessForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if (needed := step_up.ensure_for(request, request.path)) is not None:
            return needed
        if form.is_valid():
            content = services.subject_access_export(
                actor=request.user, participant=person, language=form.cleaned_data["language"]
            )
            response = HttpResponse(content, content_type="application/zip")
            name = f"subject-access-{person.pk}-{timezone.localdate().isoformat()}.zip"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = NO_STORE
            return response
    context = {
        "participant": person,
        "form": form,
        "stepped_up": step_up.is_fresh(request),
        "person_languages": person.languages,
    }
    return render(
        request, "rights/subject_access.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@requires("rights.erase")
def erase(request, pk):
    person = selectors.participant_for_dpo(request.user, pk)
    state = retention.retention_of(person)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = ErasureForm(data)
    status = 200
    if request.method == "POST":
        if (needed := step_up.ensure_for(request, _erase_url(request, pk))) is not None:
            return needed
        if form.is_valid():
            try:
                services.erase(
                    actor=request.user,
                    participant=person,
                    categories=form.cleaned_data["categories"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The data have been erased."))
                return redirect("rights:participant", pk=pk)
        status = 400
    categories = (
        form.cleaned_data["categories"]
        if form.is_bound and form.is_valid()
        else list(Category.values)
    )
    plan = shredders.plan(person.pk, categories)
    context = {
        "participant": person,
        "retention": state,
        "refusal": state.refusal(),
        "form": form,
        "plan": plan,
        "rows": list(plan.rows()),
        "stepped_up": step_up.is_fresh(request),
    }
    return render(request, "rights/erase.html", context, status=status)


def _erase_url(request, pk):
    from django.urls import reverse
    from django.utils.http import urlencode

    chosen = request.POST.getlist("categories")
    query = f"?{urlencode({'categories': chosen}, doseq=True)}" if chosen else ""
    return reverse("rights:erase", kwargs={"pk": pk}) + query


@require_POST
@requires("rights.erase")
def pseudonymise(request, pk):
    person = selectors.participant_for_dpo(request.user, pk)
    from django.urls import reverse

    back = reverse("rights:participant", kwargs={"pk": pk})
    if (needed := step_up.ensure_for(request, back)) is not None:
        return needed
    try:
        services.pseudonymise(actor=request.user, participant=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Identity and contact data have been replaced by a pseudonym."))
    return redirect(back)


@require_safe
@requires("rights.retention")
def retention_due(request):
    context = {
        **selectors.retention_overview(request.user),
        "today": timezone.localdate(),
        "may_erase": policy.can(request.user, "rights.erase"),
    }
    return render(request, "rights/retention.html", context)


@require_POST
@requires("rights.erase")
def erasure_run_start(request):
    """Erase everyone due today in the background (after a fresh step-up); asked again
    while a run is active, the page shows that run."""
    from django.urls import reverse

    from .tasks import start_erasure_run

    back = reverse("rights:retention_due")
    if (needed := step_up.ensure_for(request, back)) is not None:
        return needed
    run, new = start_erasure_run(actor=request.user)
    if new:
        messages.success(
            request,
            _("The erasure of %(count)s people has started; this page shows its progress.")
            % {"count": run.total},
        )
    else:
        messages.info(request, _("An erasure run is already under way."))
    return redirect(back)
