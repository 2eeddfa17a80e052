"""Seeding the demo network: idempotent, so `make run` can call it every time."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from inprocedere.core import audit

from . import demo_data as data
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
from .search import refresh_person_search_text, refresh_search_text
from .text import fold

TENURES_START = dt.date(2009, 1, 1)


def _email_local(given, family):
    return f"{fold(given)}.{fold(family)}".replace(" ", "-")


@transaction.atomic
def seed_demo() -> dict:
    """Create whatever of the demo network is missing; leave what exists alone."""
    regions = {
        slug: Region.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in data.REGIONS
    }
    periods = _funding_periods()
    topics = {
        slug: Topic.objects.get_or_create(
            slug=slug, defaults={"name_de": name_de, "name_en": name_en, "keywords": keywords}
        )[0]
        for slug, name_de, name_en, keywords in data.TOPICS
    }
    organisations, domains, new_organisations = _organisations(regions)
    _memberships(organisations, periods)
    _subprojects(organisations, regions, periods)
    usernames, new_positions = _positions(organisations, domains, topics, regions)
    created = {
        "organisations": new_organisations,
        "positions": new_positions,
        "accounts": _seed_accounts(usernames),
    }
    refresh_search_text(Position.objects.all())
    refresh_person_search_text(Person.objects.all())
    if any(created.values()):
        audit.record("system.demo.seeded", actor_label="inprocedere demo", detail=created)
    return created


def _funding_periods() -> dict:
    periods = {}
    for slug, name, starts, ends in data.FUNDING_PERIODS:
        periods[slug], _ = FundingPeriod.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "programme": data.PROGRAMME if slug != "fp3" else data.PROGRAMME_WIR,
                "starts_on": dt.date.fromisoformat(starts),
                "ends_on": dt.date.fromisoformat(ends),
            },
        )
    return periods


def _organisations(regions) -> tuple[dict, dict, int]:
    """The organisations by slug, their e-mail domains, and how many were new."""
    organisations, domains, count = {}, {}, 0
    for (
        slug,
        name,
        short,
        kind,
        region_slugs,
        street,
        postcode,
        city,
        website,
        phone,
        domain,
    ) in data.ORGANISATIONS:
        does_de, does_en, cannot_de, cannot_en, basis_de, basis_en = data.MANDATES[kind]
        organisation, was_created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "street": street,
                "postcode": postcode,
                "city": city,
                "website": website,
                "phone": phone,
                "email": f"info@{domain}",
                "mandate_does_de": does_de,
                "mandate_does_en": does_en,
                "mandate_cannot_de": cannot_de,
                "mandate_cannot_en": cannot_en,
                "legal_basis_de": basis_de,
                "legal_basis_en": basis_en,
            },
        )
        if was_created:
            organisation.regions.set([regions[r] for r in region_slugs])
            count += 1
        organisations[slug], domains[slug] = organisation, domain
    return organisations, domains, count


def _memberships(organisations, periods) -> None:
    for role, slugs in data.MEMBERSHIPS.items():
        for slug in slugs:
            for period in periods.values():
                Membership.objects.get_or_create(
                    organisation=organisations[slug], funding_period=period, defaults={"role": role}
                )


def _subprojects(organisations, regions, periods) -> None:
    for region_slug, authority, carrier, carrier_site in data.SUBPROJECTS:
        authority_site = f"{organisations[authority].display_short} – {regions[region_slug].name}"
        for period in periods.values():
            for organisation, side, name in (
                (authority, SubProject.Side.AUTHORITY, authority_site),
                (carrier, SubProject.Side.CARRIER, carrier_site),
            ):
                SubProject.objects.get_or_create(
                    organisation=organisations[organisation],
                    region=regions[region_slug],
                    funding_period=period,
                    side=side,
                    defaults={"name": name},
                )


def _positions(organisations, domains, topics, regions) -> tuple[dict, int]:
    """The demo accounts' people by username, and how many positions were new."""
    positions, usernames, count = {}, {}, 0
    for (
        key,
        org_slug,
        title,
        topic_slugs,
        region_slugs,
        phone,
        mailbox,
        roles,
        _,
        holders,
    ) in data.POSITIONS:
        position, was_created = Position.objects.get_or_create(
            organisation=organisations[org_slug],
            title=title,
            defaults={"phone": phone, "email": f"{mailbox}@{domains[org_slug]}", "roles": roles},
        )
        positions[key] = position
        if not was_created:
            continue
        count += 1
        position.topics.set([topics[t] for t in topic_slugs])
        position.regions.set([regions[r] for r in region_slugs])
        usernames.update(_holders(position, holders, domains[org_slug]))
    for record in data.POSITIONS:
        key, deputy_key = record[0], record[8]
        if deputy_key and positions[key].deputy_id is None:
            Position.objects.filter(pk=positions[key].pk).update(deputy=positions[deputy_key])
    return usernames, count


def _holders(position, holders, domain) -> dict:
    """Seat the position's holders; their people by username where they have an account."""
    usernames = {}
    for given, family, title, dial, username in holders:
        person, _ = Person.objects.get_or_create(
            given_name=given,
            family_name=family,
            defaults={
                "title": title,
                "phone": dial,
                "email": f"{_email_local(given, family)}@{domain}",
            },
        )
        Tenure.objects.get_or_create(
            position=position, person=person, defaults={"starts_on": TENURES_START}
        )
        if username:
            usernames[username] = person
    return usernames


def _seed_accounts(people_by_username) -> int:
    User = get_user_model()
    count = 0
    for username, _label, _position in data.DEMO_ACCOUNTS:
        user, was_created = User.objects.get_or_create(username=username)
        if not was_created:
            continue
        person = people_by_username.get(username)
        if person is not None:
            user.first_name, user.last_name, user.email = (
                person.given_name,
                person.family_name,
                person.email,
            )
            Person.objects.filter(pk=person.pk).update(user=user)
        if username == "admin":
            user.is_staff = user.is_superuser = True
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        count += 1
    return count
