"""The access log that lasts (issue 11 item 7, decision 0018): one row per page naming
every person read, found per person through `participant_ids`; monthly partitions and
retention on PostgreSQL, row deletion on SQLite."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inprocedere.core.partial_dates import PartialDate
from inprocedere.participants import services
from inprocedere.privacy import access_log, log_partitions
from inprocedere.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="partitions: PostgreSQL"
)


def _register(user_for, count):
    return [
        services.participant_register(
            actor=user_for("authority_officer"),
            family_name=f"Logperson{index:02d}",
            given_names="Test",
            birth_date=PartialDate(1990),
        )
        for index in range(count)
    ]


def _inserts(captured) -> int:
    return sum(
        1
        for query in captured
        if query["sql"].startswith("INSERT") and "privacy_accesslogentry" in query["sql"]
    )


def test_a_list_page_writes_one_row_naming_everyone_on_it(user_for, client_for):
    people = _register(user_for, 12)
    client = client_for("authority_officer")
    client.get("/participants/")  # warm up the session
    last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/participants/", {"q": "logperson"}).status_code == 200
    assert _inserts(captured) == 1
    [row] = AccessLogEntry.objects.filter(pk__gt=last)
    assert sorted(row.participant_ids) == sorted(p.pk for p in people)
    assert row.path == "/participants/" and row.action == "read"


def test_one_read_of_a_record_writes_one_row(user_for, client_for):
    [person] = _register(user_for, 1)
    client = client_for("authority_officer")
    client.get(f"/participants/{person.pk}/")
    before = AccessLogEntry.objects.for_participant(person.pk).count()
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/participants/{person.pk}/")
    assert _inserts(captured) == 1
    assert AccessLogEntry.objects.for_participant(person.pk).count() == before + 1


def test_the_per_person_question_finds_the_person_in_shared_rows(user_for):
    a, b, c = _register(user_for, 3)
    user = user_for("authority_officer")
    access_log.record(user, [a.pk, b.pk], basis="own_case")
    access_log.record(user, [b.pk, c.pk], basis={b.pk: "own_case", c.pk: "consent:7"})
    rows_b = AccessLogEntry.objects.for_participant(b.pk).filter(user=user, action="read")
    assert rows_b.count() == 2
    assert set(
        AccessLogEntry.objects.for_participant(c.pk)
        .filter(user=user, action="read")
        .values_list("basis", flat=True)
    ) == {"consent:7"}
    assert not AccessLogEntry.objects.for_participant(10**9).exists()


def test_changes_are_written_at_once_inside_their_transaction(user_for):
    [person] = _register(user_for, 1)
    rows = AccessLogEntry.objects.for_participant(person.pk).filter(action="write")
    assert rows.exists()  # the registration, outside any request


@postgres_only
def test_partitions_are_created_ahead_and_dropped_past_the_retention():
    today = dt.date(2031, 6, 15)
    with connection.cursor() as cursor:
        cursor.execute(log_partitions.create_partition_sql(dt.date(2029, 1, 1)))
    done = log_partitions.maintain(today, months=24)
    assert "privacy_accesslogentry_y2031m06" in done.created
    assert "privacy_accesslogentry_y2031m09" in done.created
    assert "privacy_accesslogentry_y2029m01" in done.dropped
    with connection.cursor() as cursor:
        names = log_partitions.partitions(cursor)
    assert "privacy_accesslogentry_y2029m01" not in names
    assert "privacy_accesslogentry_y2029m06" not in names
    # a row for a covered month lands in its partition, not the default
    at = timezone.make_aware(dt.datetime(2031, 7, 2, 12))
    AccessLogEntry.objects.create(participant_ids=[1], action="read", channel="page", at=at)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM privacy_accesslogentry_y2031m07")
        assert cursor.fetchone()[0] == 1
    assert log_partitions.maintain(today, months=24).created == []  # idempotent


@postgres_only
def test_the_per_person_question_uses_the_gin_index():
    query = AccessLogEntry.objects.for_participant(42)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "privacy_accesslog" in plan and "participant_ids @>" in plan, plan


@pytest.mark.skipif("connection.vendor == 'postgresql'", reason="SQLite deletes rows")
def test_on_sqlite_retention_deletes_old_rows():
    old = timezone.now() - dt.timedelta(days=800)
    AccessLogEntry.objects.create(participant_ids=[1], action="read", channel="page", at=old)
    recent = AccessLogEntry.objects.create(participant_ids=[1], action="read", channel="page")
    done = log_partitions.maintain(months=24)
    assert done.deleted_rows >= 1
    assert AccessLogEntry.objects.filter(at__lt=old + dt.timedelta(days=1)).count() == 0
    assert AccessLogEntry.objects.filter(pk=recent.pk).exists()


def test_the_command_refuses_to_keep_nothing():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("access-log-partitions", "--months", "0")
