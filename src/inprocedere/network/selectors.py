"""Reads of the directory, narrowed by the access policy and prefetched for their pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from inprocedere.privacy import policy

from .models import (
    FundingPeriod,
    Membership,
    Organisation,
    Person,
    Position,
    Region,
    SubProject,
    Tenure,
    Topic,
)
from .text import search_terms


@dataclass
class DirectoryQuery:
    text: str = ""
    topic: str = ""  # slug
    region: str = ""  # slug
    organisation: str = ""  # slug


def positions_for(user, query: DirectoryQuery | None = None, *, include_inactive=False):
    query = query or DirectoryQuery()
    base = Position.objects.all() if include_inactive else Position.objects.filter(is_active=True)
    positions = policy.visible(user, base, "directory.read")
    for term in search_terms(query.text):
        positions = positions.filter(search_text__contains=term)
    if query.topic:
        positions = positions.filter(topics__slug=query.topic)
    if query.region:
        positions = positions.filter(
            Q(regions__slug=query.region)
            | Q(regions__isnull=True, organisation__regions__slug=query.region)
        )
    if query.organisation:
        positions = positions.filter(organisation__slug=query.organisation)
    if query.topic or query.region:
        positions = positions.distinct()
    return positions.with_directory_data().order_by("organisation__name", "title", "pk")


def position_for(user, pk, *, include_inactive=False) -> Position:
    try:
        return (
            positions_for(user, include_inactive=include_inactive)
            .prefetch_related(
                Prefetch(
                    "tenures",
                    queryset=Tenure.objects.select_related("person").order_by("-starts_on"),
                    to_attr="all_tenures",
                ),
                Prefetch("deputised", queryset=Position.objects.select_related("organisation")),
            )
            .get(pk=pk)
        )
    except (Position.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def organisations_for(user, region: str = "", kind: str = ""):
    organisations = policy.visible(user, Organisation.objects.all(), "directory.read")
    if region:
        organisations = organisations.filter(regions__slug=region)
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.prefetch_related(
        "regions",
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("funding_period"),
        ),
    ).order_by("name")


def organisation_for(user, slug: str) -> Organisation:
    try:
        return (
            organisations_for(user)
            .prefetch_related(
                Prefetch(
                    "subprojects",
                    queryset=SubProject.objects.select_related("region", "funding_period"),
                ),
            )
            .get(slug=slug)
        )
    except Organisation.DoesNotExist:
        raise Http404 from None


def people_for(user, text: str = ""):
    people = policy.visible(user, Person.objects.all(), "directory.read")
    for term in search_terms(text):
        people = people.filter(search_text__contains=term)  # folded: "mueller" finds Müller
    today = timezone.localdate()
    return people.prefetch_related(
        Prefetch(
            "tenures",
            queryset=Tenure.objects.current(today).select_related(
                "position", "position__organisation"
            ),
            to_attr="current_tenures",
        )
    ).order_by("family_name", "given_name", "pk")


def person_for(user, pk) -> Person:
    try:
        return (
            people_for(user)
            .prefetch_related(
                Prefetch(
                    "tenures",
                    queryset=Tenure.objects.select_related("position", "position__organisation"),
                    to_attr="all_tenures",
                )
            )
            .get(pk=pk)
        )
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def regions_for(user):
    return policy.visible(user, Region.objects.all(), "directory.read").order_by("name")


def topics_for(user):
    return policy.visible(user, Topic.objects.all(), "directory.read").order_by("name_de")


def funding_periods_for(user):
    return policy.visible(user, FundingPeriod.objects.all(), "directory.read").order_by(
        "starts_on", "pk"
    )


def phone_list_for(user):
    """Every active position, grouped by organisation (the printed phone list)."""
    return positions_for(user).order_by("organisation__name", "title", "pk")


# --- lookups by key, for writes that name directory records (API payloads) -------------


def positions_by_id(user, ids) -> dict[int, Position]:
    """{id: position} of those of `ids` that `user` may see, active or not (a service
    decides whether an inactive one will do); one query."""
    positions = policy.visible(
        user, Position.objects.select_related("organisation", "deputy"), "directory.read"
    )
    return {position.pk: position for position in positions.filter(pk__in=list(ids))}


def organisation_by_slug(user, slug: str) -> Organisation | None:
    return (
        policy.visible(user, Organisation.objects.all(), "directory.read").filter(slug=slug).first()
    )


def organisations_by_slug(user, slugs) -> dict[str, Organisation]:
    """{slug: organisation} of those of `slugs` that `user` may see; one query."""
    visible = policy.visible(user, Organisation.objects.all(), "directory.read")
    return {organisation.slug: organisation for organisation in visible.filter(slug__in=slugs)}


def region_by_slug(user, slug: str) -> Region | None:
    return regions_for(user).filter(slug=slug).first()


def region_by_id(user, pk: int) -> Region | None:
    return regions_for(user).filter(pk=pk).first()


def person_by_id(user, pk: int) -> Person | None:
    return policy.visible(user, Person.objects.all(), "directory.read").filter(pk=pk).first()
