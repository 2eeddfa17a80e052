"""Duplicate review pages: the list of candidate pairs, one pair side by side with merge and
"different people", the merges with their undo. Thin: selectors read, services write.

The coordinator and the data-protection officer get the figures page instead: how many
pairs wait and how they were resolved, never a name.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from inprocedere.network.models import Organisation, Region
from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from . import reasons, selectors, services

PAGE_SIZE = 50
PURPOSE = "duplicate_review"


class FilterForm(forms.Form):
    min_score = forms.FloatField(
        label=gettext_lazy("Lowest match probability"), min_value=0, max_value=1, required=False
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Registered by"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("any organisation"),
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("any region"),
    )


class ResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("keep_a", gettext_lazy("Same person: keep the first record")),
            ("keep_b", gettext_lazy("Same person: keep the second record")),
            ("different", gettext_lazy("Different people")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


def _disclose(user, participants):
    """One access-log insert for every person shown; each shown as the policy allows."""
    if participants:
        found = policy.disclose_many(user, participants, channel="page", purpose=PURPOSE)
        for participant in participants:
            policy.redact(participant, found[participant.pk])


@require_safe
@login_required
def pair_list(request):
    user = request.user
    if not policy.can(user, "duplicates.review"):
        if policy.can(user, "duplicates.overview"):
            return render(request, "duplicates/overview.html", {"figures": selectors.overview()})
        raise PermissionDenied("duplicates.review")
    form = FilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    pairs = selectors.pairs_for(
        user,
        min_score=chosen.get("min_score"),
        organisation=chosen.get("organisation"),
        region=chosen.get("region"),
    )
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    pairs = list(page.object_list)
    _disclose(user, [p for pair in pairs for p in (pair.a, pair.b)])
    rows = [(pair, _explained(pair.reasons)) for pair in pairs]
    context = {"form": form, "page": page, "rows": rows}
    return render(request, "duplicates/pair_list.html", context)


@require_safe
@requires("duplicates.review")
def pair_detail(request, pk):
    pair = selectors.pair_for(request.user, pk)
    return _pair_page(request, pair, ResolveForm())


def _explained(items) -> list[tuple[str, float | None]]:
    """(text, weight) of every comparison: what agreed and how much it counted."""
    return [(reasons.render(item), reasons.weight_of(item)) for item in items]


def _pair_page(request, pair, form, status=200):
    cluster = selectors.cluster_of(request.user, pair)
    _disclose(request.user, [pair.a, pair.b, *cluster])
    context = {
        "pair": pair,
        "form": form,
        "cluster": cluster,
        "cluster_form": ClusterForm(members=cluster) if cluster else None,
        "reasons": _explained(pair.reasons),
        "people": [
            (pair.a, _external_ids(pair.a), selectors.records_of(pair.a)),
            (pair.b, _external_ids(pair.b), selectors.records_of(pair.b)),
        ],
        "can_resolve": policy.can(request.user, "duplicates.resolve"),
    }
    return render(request, "duplicates/pair_detail.html", context, status=status)


def _external_ids(participant):
    return list(participant.external_ids.select_related("organisation"))


@require_POST
@requires("duplicates.resolve")
def pair_resolve(request, pk):
    user = request.user
    pair = selectors.pair_for(user, pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _pair_page(request, pair, form, status=400)
    decision = form.cleaned_data["decision"]
    try:
        if decision == "different":
            services.mark_different(
                actor=user, one=pair.a, other=pair.b, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Marked as different people; not proposed again."))
            return redirect("duplicates:pair_list")
        survivor, merged = (pair.a, pair.b) if decision == "keep_a" else (pair.b, pair.a)
        record = services.merge(actor=user, survivor=survivor, merged=merged)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _pair_page(request, pair, form, status=400)
    messages.success(request, _("The records have been merged. The merge can be undone here."))
    return redirect("duplicates:merge_detail", pk=record.pk)


class ClusterForm(forms.Form):
    survivor = forms.TypedChoiceField(
        label=gettext_lazy("Keep this record; merge the others into it"),
        coerce=int,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (person.pk, f"#{person.pk} {person.full_name}") for person in members
        ]


@require_POST
@requires("duplicates.resolve")
def cluster_merge(request, pk):
    """Merge every record of the pair's cluster into the one chosen, in one transaction."""
    pair = selectors.pair_for(request.user, pk)
    members = selectors.cluster_of(request.user, pair)
    form = ClusterForm(request.POST, members=members)
    if not members or not form.is_valid():
        return _pair_page(request, pair, ResolveForm(), status=400)
    survivor = next(p for p in members if p.pk == form.cleaned_data["survivor"])
    try:
        records = services.merge_cluster(
            actor=request.user, survivor=survivor, others=[p for p in members if p != survivor]
        )
    except ValidationError as error:
        resolve = ResolveForm()
        for message in error.messages:
            resolve.add_error(None, message)
        return _pair_page(request, pair, resolve, status=400)
    messages.success(
        request,
        _("%(count)s records have been merged into #%(id)s. Each merge can be undone.")
        % {"count": len(records), "id": survivor.pk},
    )
    return redirect("duplicates:merge_list")


@require_safe
@requires("duplicates.review")
def merge_list(request):
    page = Paginator(selectors.merges_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    _disclose(request.user, [p for m in page.object_list for p in (m.survivor, m.merged)])
    return render(request, "duplicates/merge_list.html", {"page": page})


@require_safe
@requires("duplicates.review")
def merge_detail(request, pk):
    record = selectors.merge_for(request.user, pk)
    return _merge_page(request, record)


def _merge_page(request, record, errors=(), status=200):
    _disclose(request.user, [record.survivor, record.merged])
    moved = []
    for label, fields in record.moved.items():
        count = sum(len(pks) for pks in fields.values())
        try:
            meta = apps.get_model(label)._meta
        except LookupError:
            name = label
        else:  # "1 externe Kennung", "2 externe Kennungen"
            name = str(meta.verbose_name if count == 1 else meta.verbose_name_plural)
        moved.append((name, count))
    context = {
        "record": record,
        "moved": moved,
        "reasons": reasons.render_all(record.reasons),
        "errors": errors,
        "can_resolve": policy.can(request.user, "duplicates.resolve"),
    }
    return render(request, "duplicates/merge_detail.html", context, status=status)


@require_POST
@requires("duplicates.resolve")
def merge_undo(request, pk):
    record = selectors.merge_for(request.user, pk)
    try:
        services.unmerge(actor=request.user, record=record)
    except ValidationError as error:
        return _merge_page(request, record, errors=error.messages, status=400)
    messages.success(request, _("The merge has been undone: every record is back."))
    return redirect("duplicates:merge_detail", pk=record.pk)
