"""What the generator reads from the network it grows: regions with their desks, funding
periods, sub-projects, residence-status types, and a catalogue of measures.

Read from the database (not from the demo's data module), so the generator follows the
network an installation actually has: each region pairs an authority sub-project with a
carrier sub-project (DOMAIN.md), and the positions of case work that serve the region in
those organisations are the desks that refer, counsel and consult.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from inprocedere.cases.models import Measure
from inprocedere.network.models import (
    FundingPeriod,
    Organisation,
    Position,
    Region,
    SubProject,
    Tenure,
)
from inprocedere.participants.models import ResidenceStatusType

CASE_ROLES = {"case_worker", "team_lead", "authority_officer", "jobcentre_officer"}


@dataclass(frozen=True)
class Desk:
    position_id: int
    organisation_id: int
    short: str
    user_id: int | None  # who holds the position now and records its work, if anyone


@dataclass
class RegionDesks:
    region_id: int
    name: str
    authority: Desk
    carrier: Desk
    jobcentre: Desk | None
    postcode: str
    city: str
    subprojects: dict[int, int] = field(default_factory=dict)  # funding period id -> carrier's


@dataclass(frozen=True)
class Period:
    id: int
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class StatusType:
    id: int
    code: str
    kind: str
    paragraph: str
    absatz: str
    satz: str
    citation: str


@dataclass
class Network:
    regions: list[RegionDesks]
    current: Period
    historic: Period | None
    status_types: dict[str, StatusType]
    measures: dict[int, list[tuple[int, dt.date, dt.date]]]  # carrier org -> measures
    measure_starts: dict[int, list[int]] = field(default_factory=dict)  # day numbers

    @property
    def showcase_regions(self) -> list[RegionDesks]:
        """Regions in the order the long showcase cases go to: carriers serving the most
        regions first."""
        served = {}
        for desks in self.regions:
            served[desks.carrier.organisation_id] = served.get(desks.carrier.organisation_id, 0) + 1
        return sorted(self.regions, key=lambda d: (-served[d.carrier.organisation_id], d.region_id))


class NetworkMissing(LookupError):
    pass


def _desk(organisation, region_id) -> Desk | None:
    positions = [
        p for p in organisation.positions.all() if p.is_active and set(p.roles or ()) & CASE_ROLES
    ]
    serving = [p for p in positions if region_id in {r.pk for r in p.regions.all()}]
    chosen = (serving or positions or [None])[0]
    if chosen is None:
        return None
    holder = (
        Tenure.objects.current()
        .filter(position=chosen, person__user__isnull=False)
        .values_list("person__user_id", flat=True)
        .first()
    )
    return Desk(chosen.pk, organisation.pk, organisation.short_name or organisation.name, holder)


def _organisations():
    return Organisation.objects.prefetch_related("positions__regions", "regions").order_by("pk")


def load(anchor: dt.date) -> Network:
    periods = list(FundingPeriod.objects.order_by("starts_on", "pk"))
    if not periods:
        raise NetworkMissing("no funding periods")
    running = [p for p in periods if p.starts_on <= anchor <= p.ends_on]
    current = running[-1] if running else periods[-1]
    earlier = [p for p in periods if p.ends_on < current.starts_on]
    organisations = {o.pk: o for o in _organisations()}
    job_centres = [o for o in organisations.values() if o.kind == Organisation.Kind.JOB_CENTRE]
    regions = []
    for region in Region.objects.order_by("pk"):
        sides = {
            sp.side: sp
            for sp in SubProject.objects.filter(region=region, funding_period=current).order_by(
                "pk"
            )
        }
        if {"authority", "carrier"} - set(sides):
            continue
        authority = _desk(organisations[sides["authority"].organisation_id], region.pk)
        carrier = _desk(organisations[sides["carrier"].organisation_id], region.pk)
        if authority is None or carrier is None:
            continue
        centre = next(
            (
                o
                for o in job_centres
                if o.pk != authority.organisation_id
                and region.pk in {r.pk for r in o.regions.all()}
            ),
            None,
        )
        authority_org = organisations[authority.organisation_id]
        desks = RegionDesks(
            region.pk,
            region.name,
            authority,
            carrier,
            _desk(centre, region.pk) if centre else None,
            authority_org.postcode,
            authority_org.city,
        )
        for sp in SubProject.objects.filter(
            region=region, side="carrier", organisation_id=carrier.organisation_id
        ):
            desks.subprojects[sp.funding_period_id] = sp.pk
        regions.append(desks)
    if not regions:
        raise NetworkMissing("no region with an authority and a carrier sub-project")
    return Network(
        regions=regions,
        current=Period(current.pk, current.starts_on, current.ends_on),
        historic=Period(earlier[-1].pk, earlier[-1].starts_on, earlier[-1].ends_on)
        if earlier
        else None,
        status_types=_status_types(anchor),
        measures={},
    )


def _status_types(anchor: dt.date) -> dict[str, StatusType]:
    types = {}
    for t in ResidenceStatusType.objects.order_by("code", "valid_from"):
        types[t.code] = StatusType(t.pk, t.code, t.kind, t.paragraph, t.absatz, t.satz, t.citation)
    return types


MEASURE_KINDS = [  # title, type, funding, length in days
    ("Deutschkurs B1 mit Berufsbezug", "language_course", "esf", 240),
    ("Deutschkurs A2 (Integrationskurs-Vorbereitung)", "language_course", "esf", 180),
    ("Qualifizierung Lager und Logistik mit Staplerschein", "qualification", "esf", 150),
    ("Betriebspraktikum Pflegehilfe", "internship", "sgb2_16", 90),
    ("Bewerbungstraining kompakt", "application_training", "esf", 20),
    ("Grundqualifizierung Gastronomie", "qualification", "sgb3", 120),
]
MEASURE_MARK = " · Generator"


def ensure_measures(network: Network, first_year: int, last_year: int) -> None:
    """A catalogue of measures per carrier: each kind twice a year (spring and autumn
    courses), from `first_year` to `last_year`; created once, then reused."""
    carriers = sorted({d.carrier.organisation_id for d in network.regions})
    existing = Measure.objects.filter(title__endswith=MEASURE_MARK, provider_id__in=carriers)
    if not existing.exists():
        Measure.objects.bulk_create(
            Measure(
                title=f"{title} {year}/{half}{MEASURE_MARK}",
                provider_id=carrier,
                type=kind,
                funding_source=funding,
                starts_on=dt.date(year, 3 if half == 1 else 9, 1),
                ends_on=dt.date(year, 3 if half == 1 else 9, 1) + dt.timedelta(days=length),
                places=15,
            )
            for carrier in carriers
            for year in range(first_year, last_year + 1)
            for half in (1, 2)
            for title, kind, funding, length in MEASURE_KINDS
        )
    for pk, provider, starts, ends in existing.order_by("starts_on", "pk").values_list(
        "pk", "provider_id", "starts_on", "ends_on"
    ):
        network.measures.setdefault(provider, []).append((pk, starts, ends))
        network.measure_starts.setdefault(provider, []).append(starts.toordinal())


def organisations_exist() -> bool:
    return SubProject.objects.filter(~Q(organisation=None)).exists() and Position.objects.exists()
