"""Choosers for the receiving side of case work: which organisations and positions a referral,
a handover or the case team may name, and the few of them a page offers at once.

A network holds hundreds of organisations and thousands of positions, so a chooser never
lists them all: the select shows the first `SHOWN` of its scope (and the chosen one), and a
search box above it asks `cases:choose` for the matches of what is typed (htmx swaps the
options in; without JavaScript the box does nothing and the select keeps its first page).
The form validates against the whole scope, so whatever the box offered can be saved.

The scopes live here, once, for the forms and for the search endpoint: what one offers,
the other accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from inprocedere.core.forms import plausible_id
from inprocedere.network.models import Organisation, Position
from inprocedere.network.text import search_terms
from inprocedere.privacy.permissions import CASE_ROLES

SHOWN = 20  # options per chooser; type to find the others
PURPOSES = ("referral", "handover", "team")


def case_work() -> Q:
    """Positions with a case role (not the IT administration, the ministry or the
    coordinating office). The roles are a JSON list: matched as quoted strings in its text,
    which every database can do. The choosers here and the conference invitations
    (`cooperation.forms.case_work_positions`) both ask this."""
    has_case_role = Q()
    for role in sorted(CASE_ROLES):
        has_case_role |= Q(roles__icontains=f'"{role}"')
    return has_case_role


# Organisations a handover goes to: whoever takes over case work once the person's
# situation changed (job centres first, the usual handover once SGB II applies).
HANDOVER_KINDS = (
    Organisation.Kind.JOB_CENTRE,
    Organisation.Kind.EMPLOYMENT_AGENCY,
    Organisation.Kind.CARRIER,
    Organisation.Kind.IMMIGRATION_OFFICE,
    Organisation.Kind.MUNICIPALITY,
)
# Nobody refers a person to the ministry or to the research institute.
NOT_REFERRED_TO = (Organisation.Kind.MINISTRY, Organisation.Kind.RESEARCH_INSTITUTE)


@dataclass(frozen=True)
class Scope:
    """What a chooser may offer: `organisations` and case-work `positions` (unordered)."""

    organisations: object  # QuerySet[Organisation]
    positions: object  # QuerySet[Position]


def scope(purpose: str, *, own_positions=(), case=None) -> Scope:
    """The receivers of a referral (sent by `own_positions`), or of a handover or a team
    place of `case`: never the sender's own positions or organisation."""
    positions = Position.objects.filter(case_work(), is_active=True)
    if purpose == "referral":
        organisations = Organisation.objects.exclude(kind__in=NOT_REFERRED_TO)
        positions = positions.exclude(pk__in=[p.pk for p in own_positions])
    else:
        organisations = Organisation.objects.exclude(pk=case.owner_organisation_id)
        positions = positions.exclude(organisation_id=case.owner_organisation_id)
        if purpose == "handover":
            organisations = organisations.filter(kind__in=HANDOVER_KINDS)
        else:
            positions = positions.filter(organisation__in=organisations)
    return Scope(organisations, positions)


def matching_positions(positions, text: str = "", organisation=None, chosen=None) -> list:
    """The first `SHOWN` + 1 positions (one more tells "there are more") that match every
    word of `text` (the directory's folded search text), of `organisation` if given,
    grouped by organisation; `chosen` (a pk) is kept in the list."""
    if organisation is not None:
        positions = positions.filter(organisation=organisation)
    wanted = Q()
    for term in search_terms(text):
        wanted &= Q(search_text__contains=term)
    if chosen and wanted:
        wanted |= Q(pk=chosen)
    positions = positions.filter(wanted)
    return list(
        positions.select_related("organisation").order_by("organisation__name", "title", "pk")[
            : SHOWN + 1
        ]
    )


def matching_organisations(organisations, text: str = "", chosen=None) -> list:
    """The first `SHOWN` + 1 organisations whose name or short name holds every word of
    `text`; `chosen` (a pk) is kept in the list."""
    wanted = Q()
    for term in text.split():
        wanted &= Q(name__icontains=term) | Q(short_name__icontains=term)
    if chosen and wanted:
        wanted |= Q(pk=chosen)
    return list(organisations.filter(wanted).order_by("name", "pk")[: SHOWN + 1])


def position_choices(found: list, empty_label) -> list:
    """Select choices: the empty label, then the positions grouped by organisation, then a
    disabled hint when the search found more than are shown."""
    groups: dict = {}
    for position in found[:SHOWN]:
        groups.setdefault(position.organisation.display_short, []).append(
            (position.pk, position.title)
        )
    return [("", empty_label), *groups.items(), *_more(found)]


def organisation_choices(found: list, empty_label) -> list:
    return [("", empty_label), *((o.pk, o.name) for o in found[:SHOWN]), *_more(found)]


MORE = "more"


def _more(found: list) -> list:
    # The value is no pk, so a form refuses it; the option itself is disabled.
    if len(found) <= SHOWN:
        return []
    return [(MORE, _("More matches: type to narrow the list"))]


def search_url(purpose: str, kind: str, *, case=None, organisation_field: str = "") -> str:
    params = {"purpose": purpose}
    if case is not None:
        params["case"] = case.pk
    if organisation_field:
        params["organisation_field"] = organisation_field
    return f"{reverse('cases:choose', args=[kind])}?{urlencode(params)}"


def search_box(form, name: str, url: str, *, narrowed_by: str = "") -> None:
    """Put a search box above the select `name` of `form` (the field template renders it)
    and, if `narrowed_by` names the organisation select, refresh the positions when the
    organisation changes."""
    field = form[name]
    search = {"url": url, "target": field.auto_id, "include": ""}
    if narrowed_by:
        organisation = form[narrowed_by]
        search["include"] = f"#{organisation.auto_id}"
        form.fields[narrowed_by].widget.attrs.update(
            {
                "hx-get": url,
                "hx-trigger": "change",
                "hx-target": f"#{field.auto_id}",
                "hx-swap": "innerHTML",
                "hx-include": f"#{field.auto_id}_search",
            }
        )
    form.fields[name].widget.search = search


def chosen_pk(form, name) -> int | None:
    """The pk chosen in `form` for `name` (bound data, or initial), if it is an id a row
    can have (a larger number would overflow SQLite: the field refuses it instead)."""
    value = form.data.get(form.add_prefix(name)) if form.is_bound else form.initial.get(name)
    value = getattr(value, "pk", value)
    return int(str(value)) if value and plausible_id(value) else None


def organisation_empty_label(purpose: str):
    return _("Any organisation") if purpose == "team" else _("Please choose")


def position_empty_label(purpose: str):
    return _("Please choose") if purpose == "team" else _("Any position of the organisation")


@dataclass
class CaseReceivers:
    """The first page of the team's and the handover's choosers of one case, read once
    for both (`first_of_case`): {purpose: organisations} and the positions they share."""

    organisations: dict
    positions: list


def first_of_case(case) -> CaseReceivers:
    """What the case page's two choosers offer before anything is typed or chosen, in two
    queries instead of four. Both offer the case-work positions outside the owning
    organisation (the same list); the organisations are every other one for the team and
    those of `HANDOVER_KINDS` for a handover, each numbered by name in one query."""
    team, handover = scope("team", case=case), scope("handover", case=case)
    order = [F("name").asc(), F("pk").asc()]
    rows = (
        team.organisations.annotate(
            for_handover=ExpressionWrapper(Q(kind__in=HANDOVER_KINDS), output_field=BooleanField()),
            place=Window(RowNumber(), order_by=order),
            place_of_kind=Window(RowNumber(), partition_by=[F("for_handover")], order_by=order),
        )
        .filter(Q(place__lte=SHOWN + 1) | Q(for_handover=True, place_of_kind__lte=SHOWN + 1))
        .order_by("name", "pk")
    )
    rows = list(rows)
    organisations = {
        "team": [o for o in rows if o.place <= SHOWN + 1],
        "handover": [o for o in rows if o.for_handover and o.place_of_kind <= SHOWN + 1],
    }
    return CaseReceivers(organisations, matching_positions(handover.positions))


def offer_receivers(form, receivers: Scope, purpose: str, *, case=None, first=None):
    """Fill `form`'s organisation and position choosers (fields `to_organisation`, or
    `organisation` for the team, and `to_position`, or `position`) from `receivers`:
    validated against the whole scope, the first `SHOWN` offered, search boxes above.
    `first` (a `CaseReceivers`) serves the first page when nothing is chosen yet."""
    org_name = "organisation" if purpose == "team" else "to_organisation"
    position_name = "position" if purpose == "team" else "to_position"
    organisation = form.fields[org_name]
    organisation.queryset = receivers.organisations
    chosen_org = chosen_pk(form, org_name)
    chosen_position = chosen_pk(form, position_name)
    if first is not None and (chosen_org or chosen_position):
        first = None
    organisation.choices = organisation_choices(
        first.organisations[purpose]
        if first is not None
        else matching_organisations(receivers.organisations, chosen=chosen_org),
        organisation_empty_label(purpose),
    )
    position = form.fields[position_name]
    position.queryset = receivers.positions
    found = (
        first.positions
        if first is not None
        else matching_positions(
            receivers.positions, organisation=chosen_org, chosen=chosen_position
        )
    )
    position.choices = position_choices(found, position_empty_label(purpose))
    organisation_field = form.add_prefix(org_name)
    search_box(form, org_name, search_url(purpose, "organisations", case=case))
    search_box(
        form,
        position_name,
        search_url(purpose, "positions", case=case, organisation_field=organisation_field),
        narrowed_by=org_name,
    )
