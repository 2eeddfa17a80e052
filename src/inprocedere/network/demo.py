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
from .search import refresh_search_text
from .text import fold

TENURES_START = dt.date(2009, 1, 1)


def _email_local(given, family):
    return f"{fold(given)}.{fold(family)}".replace(" ", "-")


@transaction.atomic
def seed_demo() -> dict:
    """Create whatever of the demo network is missing; leave what exists alone."""
    created = {"organisations": 0, "positions": 0, "accounts": 0}
    regions = {}
    for slug, name in data.REGIONS:
        regions[slug], _ = Region.objects.get_or_create(slug=slug, defaults={"name": name})
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
    topics = {}
    for slug, name_de, name_en, keywords in data.TOPICS:
        topics[slug], _ = Topic.objects.get_or_create(
            slug=slug, defaults={"name_de": name_de, "name_en": name_en, "keywords": keywords}
        )

    organisations, domains = {}, {}
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
            created["organisations"] += 1
        organisations[slug], domains[slug] = organisation, domain

    for role, slugs in data.MEMBERSHIPS.items():
        for slug in slugs:
            for period in periods.values():
                Membership.objects.get_or_create(
                    organisation=organisations[slug], funding_period=period, defaults={"role": role}
                )
    for region_slug, authority, carrier, carrier_site in data.SUBPROJECTS:
        for period in periods.values():
            for organisation, side, name in (
                (
                    authority,
                    SubProject.Side.AUTHORITY,
                    f"{organisations[authority].display_short} – {regions[region_slug].name}",
                ),
                (carrier, SubProject.Side.CARRIER, carrier_site),
            ):
                SubProject.objects.get_or_create(
                    organisation=organisations[organisation],
                    region=regions[region_slug],
                    funding_period=period,
                    side=side,
                    defaults={"name": name},
                )

    positions, usernames = {}, {}
    for (
        key,
        org_slug,
        title,
        topic_slugs,
        region_slugs,
        phone,
        mailbox,
        roles,
        _deputy,
        holders,
    ) in data.POSITIONS:
        organisation = organisations[org_slug]
        position, was_created = Position.objects.get_or_create(
            organisation=organisation,
            title=title,
            defaults={"phone": phone, "email": f"{mailbox}@{domains[org_slug]}", "roles": roles},
        )
        positions[key] = position
        if not was_created:
            continue
        created["positions"] += 1
        position.topics.set([topics[t] for t in topic_slugs])
        position.regions.set([regions[r] for r in region_slugs])
        for given, family, title_, dial, username in holders:
            person, _ = Person.objects.get_or_create(
                given_name=given,
                family_name=family,
                defaults={
                    "title": title_,
                    "phone": dial,
                    "email": f"{_email_local(given, family)}@{domains[org_slug]}",
                },
            )
            Tenure.objects.get_or_create(
                position=position, person=person, defaults={"starts_on": TENURES_START}
            )
            if username:
                usernames[username] = person
    for key, _org, _title, _t, _r, _p, _m, _roles, deputy_key, _h in data.POSITIONS:
        if deputy_key and positions[key].deputy_id is None:
            Position.objects.filter(pk=positions[key].pk).update(deputy=positions[deputy_key])

    created["accounts"] = _seed_accounts(usernames)
    refresh_search_text(Position.objects.all())
    if any(created.values()):
        audit.record("system.demo.seeded", actor_label="inprocedere demo", detail=created)
    return created


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
