"""Monthly partitions of the access log on PostgreSQL, and its retention.

The access log grows with traffic (a Land's network: a billion reads a year before
decision 0018 wrote one row per page). On PostgreSQL the table is partitioned by month
of `at` (migration 0005): writes go to the current month's partition, the data-protection
officer's question for one person is answered per partition by a GIN index, and months
past the retention period are dropped whole (`DROP TABLE` of a partition: no row-by-row
DELETE, no append-only trigger to bypass, no bloat). A DEFAULT partition takes any row no
monthly partition covers, so a write never fails because a partition is missing.

`maintain()` (the command `inprocedere access_log_partitions` and a daily task) creates
the partitions of this month and the next `AHEAD` ones and drops those that end before
the first day of the month `INPROCEDERE_ACCESS_LOG_MONTHS` ago. On SQLite, which keeps
no partitions, it deletes the rows older than that instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

TABLE = "privacy_accesslogentry"
AHEAD = 3
_NAME = re.compile(rf"^{TABLE}_y(\d{{4}})m(\d{{2}})$")


def month_start(day: dt.date, months: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def partition_name(month: dt.date) -> str:
    return f"{TABLE}_y{month.year:04d}m{month.month:02d}"


def create_partition_sql(month: dt.date) -> str:
    """The statement that creates `month`'s partition (bounds in UTC, as stored)."""
    start, end = month_start(month), month_start(month, 1)
    return (
        f"CREATE TABLE IF NOT EXISTS {partition_name(start)} PARTITION OF {TABLE} "
        f"FOR VALUES FROM ('{start.isoformat()} 00:00:00+00') TO ('{end.isoformat()} 00:00:00+00')"
    )


@dataclass
class Maintenance:
    created: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    deleted_rows: int = 0
    skipped: list[str] = field(default_factory=list)  # rows for it sit in the default


def retention_months() -> int:
    return int(settings.INPROCEDERE_ACCESS_LOG_MONTHS)


def maintain(today: dt.date | None = None, *, months: int | None = None) -> Maintenance:
    today = today or timezone.now().date()
    months = retention_months() if months is None else months
    if months < 1:
        raise ValueError("INPROCEDERE_ACCESS_LOG_MONTHS must be at least 1")
    oldest_kept = month_start(today, -months)
    done = Maintenance()
    if connection.vendor != "postgresql":
        from .models import AccessLogEntry

        cutoff = timezone.make_aware(dt.datetime.combine(oldest_kept, dt.time()), dt.UTC)
        done.deleted_rows = AccessLogEntry._base_manager.filter(at__lt=cutoff)._raw_delete(
            connection.alias
        )
        return done
    with transaction.atomic(), connection.cursor() as cursor:
        existing = set(partitions(cursor))
        for ahead in range(AHEAD + 1):
            month = month_start(today, ahead)
            name = partition_name(month)
            if name in existing:
                continue
            if _default_holds(cursor, month):
                done.skipped.append(name)
                continue
            cursor.execute(create_partition_sql(month))
            done.created.append(name)
        for name in sorted(existing):
            year, month = map(int, _NAME.match(name).groups())
            if month_start(dt.date(year, month, 1), 1) <= oldest_kept:
                cursor.execute(f"DROP TABLE {name}")
                done.dropped.append(name)
    return done


def partitions(cursor) -> list[str]:
    """The monthly partitions that exist (not the default)."""
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s",
        [TABLE],
    )
    return sorted(name for (name,) in cursor.fetchall() if _NAME.match(name))


def _default_holds(cursor, month: dt.date) -> bool:
    """Rows of `month` already in the default partition would make CREATE fail."""
    start, end = month_start(month), month_start(month, 1)
    cursor.execute(
        f"SELECT EXISTS (SELECT 1 FROM {TABLE}_default WHERE at >= %s AND at < %s)",  # noqa: S608
        [start, end],
    )
    return cursor.fetchone()[0]
