"""Benchmarks of the directory at scale: prints figures, asserts nothing.

    make bench                      # SQLite in a temporary file
    DATABASE_URL=postgres://… make bench

Generates a network of BENCH_ORGANISATIONS organisations (default 300) with
BENCH_POSITIONS_PER_ORG positions each (default 20), then times the directory search,
the API list and the phone-list exports.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
tmp = tempfile.mkdtemp(prefix="inprocedere-bench-")
os.environ.setdefault("INPROCEDERE_VAR_DIR", tmp)
os.environ.setdefault("INPROCEDERE_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inprocedere.config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ORGS = int(os.environ.get("BENCH_ORGANISATIONS", "300"))
PER_ORG = int(os.environ.get("BENCH_POSITIONS_PER_ORG", "20"))


def timed(label, func, repeat=5):
    durations, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = func()
            durations.append(time.perf_counter() - start)
        queries = len(captured)
    print(
        f"{label:<48} median {statistics.median(durations) * 1000:8.1f} ms"
        f"   min {min(durations) * 1000:8.1f} ms   {queries:4d} queries"
    )
    return result


def generate():
    from django.contrib.auth import get_user_model

    from inprocedere.network.demo import seed_demo
    from inprocedere.network.models import Organisation, Person, Position, Region, Tenure, Topic
    from inprocedere.network.search import refresh_person_search_text, refresh_search_text

    seed_demo()
    regions, topics = list(Region.objects.all()), list(Topic.objects.all())
    orgs = Organisation.objects.bulk_create(
        Organisation(
            slug=f"bench-{i}",
            name=f"Beratungsstelle Nummer {i}",
            kind="carrier",
            city=regions[i % len(regions)].name,
            phone="+49 6341 1000",
        )
        for i in range(ORGS)
    )
    positions = Position.objects.bulk_create(
        Position(
            organisation=org,
            title=f"Beratung {j}",
            phone=f"+49 6341 {20000 + j}",
            email=f"stelle{j}@bench-{org.pk}.example",
            roles=["case_worker"],
        )
        for org in orgs
        for j in range(PER_ORG)
    )
    people = Person.objects.bulk_create(
        Person(given_name=f"Vorname{i}", family_name=f"Nachname{i}") for i in range(len(positions))
    )
    refresh_person_search_text(people)
    Tenure.objects.bulk_create(
        Tenure(position=p, person=person, starts_on="2020-01-01")
        for p, person in zip(positions, people, strict=True)
        if p.pk % 10  # every tenth position vacant
    )
    Through = Position.topics.through
    Through.objects.bulk_create(
        Through(position_id=p.pk, topic_id=topics[p.pk % len(topics)].pk) for p in positions
    )
    RegionThrough = Position.regions.through
    RegionThrough.objects.bulk_create(
        RegionThrough(position_id=p.pk, region_id=regions[p.pk % len(regions)].pk)
        for p in positions
    )
    refresh_search_text(Position.objects.all())
    return get_user_model().objects.get(username="caseworker")


def main():
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    start = time.perf_counter()
    user = generate()
    from inprocedere.network.models import Position

    print(
        f"generated {Position.objects.count()} positions in {ORGS + 14} organisations "
        f"({time.perf_counter() - start:.1f} s) on {connection.vendor}"
    )
    client = Client()
    client.force_login(user)
    from inprocedere.accounts.services import token_create

    _token, raw = token_create(actor=user, user=user, name="bench")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    timed("directory page, no query (50 rows)", lambda: client.get("/directory/"))
    timed(
        "directory page, 'Aufenthaltsrecht Germersheim'",
        lambda: client.get("/directory/?q=Aufenthaltsrecht+Germersheim"),
    )
    timed(
        "directory page, 'beratung 7' (many hits)", lambda: client.get("/directory/?q=beratung+7")
    )
    timed("API /positions?q=beratung", lambda: client.get("/api/v1/positions?q=beratung", **auth))
    timed("phone list CSV (all positions)", lambda: client.get("/directory/phone-list.csv"), 3)
    timed("phone list XLSX (all positions)", lambda: client.get("/directory/phone-list.xlsx"), 3)
    timed("phone list vCards (all positions)", lambda: client.get("/directory/phone-list.vcf"), 3)
    if os.environ.get("BENCH_PDF", "1") == "1":
        timed("phone list PDF (all positions)", lambda: client.get("/directory/phone-list.pdf"), 1)


if __name__ == "__main__":
    main()
