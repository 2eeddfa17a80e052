"""The passes of the benchmark: sequential and concurrent timing over HTTP against the
real server, the SQL queries of one request (Django's test client in this process, with
CaptureQueriesContext), and the floor's statements timed on this process's connection."""

from __future__ import annotations

import math
import random
import re
import statistics
import threading
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .client import Session


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)] if ordered else math.nan


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values) * 1000, 2) if values else None,
        "p95_ms": round(p95(values) * 1000, 2) if values else None,
    }


# A page or floor that takes seconds gets fewer samples (at least 3), not minutes: the
# JSON's `n` says how many.
BUDGET_SECONDS = 30


def failure(error: BaseException) -> str:
    """What went wrong, in one line for the table and the JSON (not a traceback)."""
    kind = "timeout" if isinstance(error, TimeoutError) else type(error).__name__
    lines = str(error).strip().splitlines()
    return f"{kind}: {lines[0][:160]}" if lines else kind


def sequential(session: Session, path: str, *, repeat: int, warmup: int = 2):
    """`repeat` requests one after the other (after `warmup` untimed ones; fewer when they
    pass BUDGET_SECONDS); returns the durations of the answered requests (200), the last
    status, the last body and the failures (a status other than 200, a timeout, a
    dropped connection: each named, none of them ends the run)."""
    status, body, failures = 0, b"", []
    durations: list[float] = []
    for number in range(warmup + repeat):
        try:
            status, seconds, body = session.get(path)
        except OSError as error:  # TimeoutError, ConnectionError, ...
            failures.append(failure(error))
            if len(failures) >= 3:
                break  # a page that fails three times is not timed further
            continue
        if status != 200:
            failures.append(f"HTTP {status}")
        elif number >= warmup:
            durations.append(seconds)
        if len(durations) >= 3 and sum(durations) > BUDGET_SECONDS:
            break
    return durations, status, body, failures


def concurrent(port: int, cookies: dict, path: str, *, users: int, seconds: float, think=1.0):
    """`users` threads, each with its own connection, requesting `path` and waiting
    `think` seconds between requests, for `seconds`; returns durations and failures."""
    durations: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user(offset: float):
        session = Session(port, cookies)
        time.sleep(offset)  # users do not arrive in lock-step
        try:
            while time.monotonic() < deadline:
                try:
                    status, elapsed, _body = session.get(path)
                except OSError as error:
                    with lock:
                        failures.append(failure(error))
                    continue
                with lock:
                    (durations if status == 200 else failures).append(
                        elapsed if status == 200 else f"HTTP {status}"
                    )
                time.sleep(think)
        finally:
            session.close()

    threads = [threading.Thread(target=user, args=(random.random() * think,)) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return durations, failures


def queries(user, path: str) -> tuple[int | None, int]:
    """The SQL statements of one request (after a warm-up request: per-process caches
    such as the content types are not the page's cost)."""
    client = Client()
    client.force_login(user)
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return len(captured), response.status_code


def floor(statements, *, repeat: int) -> tuple[list[float], list]:
    """Time the statements together; returns the durations and the first column of the
    first statement's rows (the ids the page should show)."""
    durations, ids = [], []
    for run in range(repeat + 1):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for number, (sql, params) in enumerate(statements):
                cursor.execute(sql, params)
                rows = cursor.fetchall()
                if number == 0:
                    ids = [row[0] for row in rows]
        if run:  # the first run warms the cache, as the page's warm-up requests do
            durations.append(time.perf_counter() - start)
            if len(durations) >= 3 and sum(durations) > BUDGET_SECONDS:
                break
    return durations, ids


def linked_ids(pattern: str, body: bytes) -> list[int]:
    seen: dict[int, None] = {}
    for match in re.finditer(pattern, body.decode("utf-8", "replace")):
        seen.setdefault(int(match.group(1)), None)
    return list(seen)
