"""The header's search box: people the reader may see, positions and organisations of the
network, a few of each, with a link to the full list of each kind.

Each kind comes from its own selector (policy-filtered, index-backed): the participant
register's name search, the directory's position search, organisations by name.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from inprocedere.participants import selectors as participant_selectors
from inprocedere.participants.forms import ParticipantSearchForm
from inprocedere.privacy import policy

from . import selectors
from .selectors import DirectoryQuery

SHOWN = 8  # of each kind; the full list is one click away


@require_safe
@login_required
def search(request):
    user = request.user
    form = ParticipantSearchForm({"q": request.GET.get("q", "")})
    valid = form.is_valid()
    text = form.cleaned_data.get("q", "") if valid else ""
    context = {"form": form, "q": request.GET.get("q", "").strip(), "searched": bool(text)}
    if text:
        people = []
        if policy.can(user, "participant.register"):
            query = participant_selectors.ParticipantQuery(text=text)
            found = participant_selectors.participants_for(user, query)[: SHOWN + 1]
            people = policy.disclose_rows(user, list(found))
        positions = list(selectors.positions_for(user, DirectoryQuery(text=text))[: SHOWN + 1])
        organisations = list(
            selectors.organisations_for(user)
            .prefetch_related(None)
            .filter(name__icontains=text)[: SHOWN + 1]
        )
        context.update(
            people=people[:SHOWN],
            more_people=len(people) > SHOWN,
            can_search_people=policy.can(user, "participant.register"),
            positions=positions[:SHOWN],
            more_positions=len(positions) > SHOWN,
            organisations=organisations[:SHOWN],
            more_organisations=len(organisations) > SHOWN,
        )
    return render(request, "network/search.html", context)
