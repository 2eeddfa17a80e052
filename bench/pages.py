"""Times the register's pages in-process against a seeded database: prints figures,
asserts nothing (the harness of `make bench` times them through the real server).

    DATABASE_URL=postgres://…/inp_x .venv/bin/python bench/pages.py [username ...]

For each user (default: the demo personas with case work): the participant list, a
search for the most common surname, a rare one, a two-letter start, one letter, an
identifier; median and p95 of BENCH_REPEAT requests (default 15) and the SQL queries
of one request.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("INPROCEDERE_DEMO", "1")
# The test settings: static files served from the apps (no collected manifest needed).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inprocedere.config.settings_test")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


def _signed_in(username):
    sys.path.insert(0, str(ROOT))
    from tests.conftest import sign_in_fully

    return sign_in_fully(Client(), get_user_model().objects.get(username=username))


def _searches():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT family_name FROM participants_participant GROUP BY 1 ORDER BY count(*) DESC, 1"
        )
        names = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT value FROM participants_externalidentifier ORDER BY id LIMIT 1")
        identifier = cursor.fetchone()
    searches = [("list", {}), ("page 5", {"page": "5"})]
    if names:
        searches += [("common name", {"q": names[0]}), ("rare name", {"q": names[-1]})]
        searches += [("two letters", {"q": names[0][:2]}), ("one letter", {"q": names[0][:1]})]
    if identifier:
        searches.append(("identifier", {"q": identifier[0]}))
    return searches


def _time(client, url, params):
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url, params)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, len(queries)


def main(usernames):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM participants_participant")
        (size,) = cursor.fetchone()
    print(f"{connection.vendor}, {size} participants, {REPEAT} requests each")
    print(f"{'user':<12} {'request':<14} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    searches = _searches()
    for username in usernames:
        client = _signed_in(username)
        for label, params in searches:
            median, p95, count = _time(client, "/participants/", params)
            times = f"{median * 1000:>10.1f} {p95 * 1000:>8.1f}"
            print(f"{username:<12} {label:<14} {times} {count:>8}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["authority", "caseworker", "jobcentre"])
