"""The inbox pages: one's open work and filed items, marking done, the e-mail setting."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from . import selectors, services
from .forms import EmailPreferenceForm
from .mail import mode_of
from .models import EmailPreference

DONE_SHOWN = 50
MAX_ID = 2**63 - 1


def disclose(user, work, items) -> None:
    """One access-log write for every participant the page names; everyone else's
    name is replaced by the pseudonym, and counselling fields blanked, on these rows."""
    rows = [*work["referrals"], *work["consultations"], *[i for i in items if i.participant_id]]
    policy.disclose_rows(user, rows, purpose="inbox", channel="page")
    action_items = work["action_items"]
    if action_items:
        # Purpose binding: an action item is work of its case conference, so a consent
        # to the case conference opens it (as on the conference's own page).
        cases = [item.conference.case for item in action_items]
        policy.disclose_rows(user, cases, purpose="case_conference", channel="page")
        for item in action_items:
            found = getattr(item.conference.case.participant, "disclosure", None)
            if found is not None:
                policy.redact(item, found)


@require_safe
@requires("inbox.use")
def inbox(request):
    user = request.user
    show_done = request.GET.get("done") == "1"
    items = selectors.items_for_user(user).select_related("position__organisation", "participant")
    if show_done:
        items = items.filter(done_at__isnull=False).order_by("-done_at")[:DONE_SHOWN]
    else:
        items = items.open().order_by("due_on", "-created_at")[: selectors.LIMIT]
    items = list(items)
    work = selectors.open_work(user)
    disclose(user, work, items)
    actor = policy.actor_for(user)
    context = {
        "items": items,
        "work": work,
        "show_done": show_done,
        "position_ids": set(actor.position_ids),
    }
    return render(request, "inbox/inbox.html", context)


@require_safe
@requires("inbox.use")
def count(request):
    """The count beside "Inbox" in the navigation, fetched after the page (htmx), so no
    page pays for it."""
    number = selectors.open_count(request.user)
    if not number:
        return HttpResponse("")
    return render(request, "inbox/_count.html", {"number": number})


@require_POST
@requires("inbox.use")
def item_done(request, pk):
    if pk > MAX_ID:  # no row has it, and SQLite would overflow on the lookup
        raise Http404
    item = selectors.items_for_user(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    if request.POST.get("undo") == "1":
        services.reopen(actor=request.user, item=item)
        messages.success(request, _("The item is back in your inbox."))
    else:
        services.mark_done(actor=request.user, item=item)
        messages.success(request, _("Marked as done."))
    return redirect("inbox:inbox")


@require_http_methods(["GET", "POST"])
@requires("inbox.use")
def email_settings(request):
    user = request.user
    form = EmailPreferenceForm(initial={"mode": mode_of(user)})
    if request.method == "POST":
        form = EmailPreferenceForm(request.POST)
        if form.is_valid():
            services.set_email_preference(actor=user, mode=form.cleaned_data["mode"])
            messages.success(request, _("Your e-mail setting has been saved."))
            return redirect("inbox:inbox")
    context = {"form": form, "has_address": bool(user.email), "modes": EmailPreference.Mode}
    return render(request, "inbox/email_settings.html", context)
