"""Background work on Huey: the real SQLite queue with a real consumer, Redis when it
answers (in CI it must), and a failing task that is retried and logged, never lost."""

import datetime as dt
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.core import mail
from huey.contrib import djhuey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from inprocedere.inbox import periodic, tasks
from inprocedere.inbox.models import InboxItem
from inprocedere.inbox.services import deliver

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def queued(monkeypatch):
    """Huey as in production (not immediate), on a storage the test chooses."""
    huey = djhuey.HUEY
    storage, immediate = huey.storage, huey.immediate

    def use(new_storage):
        huey._immediate = False
        huey.storage = new_storage
        return huey

    yield use
    huey.storage, huey._immediate = storage, immediate


def _consumer(env_extra, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "inprocedere.config.settings",
        "SECRET_KEY": "consumer-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "INPROCEDERE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "INPROCEDERE_HUEY_IMMEDIATE": "0",
        **env_extra,
    }
    env.pop("REDIS_URL", None) if "REDIS_URL" not in env_extra else None
    return subprocess.Popen(
        [sys.executable, "-m", "inprocedere.cli", "run_huey", "--workers", "1"],
        env=env,
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _stop(process):
    process.send_signal(signal.SIGINT)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output.decode(errors="replace")


def _enqueue_and_run(queued, storage, env_extra, tmp_path):
    queued(storage)
    result = tasks.ping(20)  # enqueued into the storage, not run here
    assert len(storage.enqueued_items()) == 1
    process = _consumer(env_extra, tmp_path)
    try:
        value = result.get(blocking=True, timeout=60)
    finally:
        output = _stop(process)
    assert value == 21, output
    assert storage.queue_size() == 0
    assert "ping" in output


def test_sqlite_queue_with_a_real_consumer(queued, tmp_path):
    name = f"inprocedere-test-{uuid.uuid4().hex[:8]}"
    storage = SqliteStorage(name, filename=str(tmp_path / "huey.sqlite3"))
    _enqueue_and_run(queued, storage, {"INPROCEDERE_HUEY_NAME": name}, tmp_path)


def _answers(port) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url(tmp_path):
    """Redis at 127.0.0.1:6379; else a private redis-server if the binary is installed;
    else skipped (a failure under CI=true, where the Redis path must be tested)."""
    if _answers(6379):
        yield "redis://127.0.0.1:6379/15"
        return
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "Redis does not answer at 127.0.0.1:6379 (and no redis-server), CI needs it"
            )
        pytest.skip("Redis does not answer at 127.0.0.1:6379")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not _answers(port):
            assert time.monotonic() < deadline, "the private redis-server did not start"
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


def test_redis_queue_with_a_real_consumer(queued, tmp_path, redis_url):
    name = f"inprocedere-test-{uuid.uuid4().hex[:8]}"
    storage = RedisStorage(name, url=redis_url)
    try:
        _enqueue_and_run(
            queued, storage, {"INPROCEDERE_HUEY_NAME": name, "REDIS_URL": redis_url}, tmp_path
        )
    finally:
        storage.flush_all()


@pytest.mark.django_db
def test_a_failing_task_is_retried_and_logged(queued, monkeypatch, position_of, caplog, settings):
    """The mail server is down once: the task goes back to the schedule with one retry
    fewer, the failure is logged, and the next run sends the e-mail, once."""
    # Inside the test's transaction the connection must stay open.
    monkeypatch.setattr(djhuey, "close_old_connections", lambda: None)
    huey = queued(MemoryStorage("retry-test"))
    item = deliver(
        position=position_of("case_worker"), kind="other", key="retry:1", title="R", url=""
    )
    tasks.send_item_email(item.pk)  # enqueued, as after the commit
    calls = {"n": 0}
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionRefusedError("mail server down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    with caplog.at_level(logging.WARNING, logger="inprocedere.tasks"):
        huey.execute(huey.dequeue())
    assert "retrying" in caplog.text and "mail server down" in caplog.text
    retried = huey.scheduled()
    assert len(retried) == 1
    assert retried[0].retries == settings.INPROCEDERE_TASK_RETRIES - 1
    item.refresh_from_db()
    assert item.emailed_at is None
    mail.outbox.clear()
    # Once the retry delay has passed, the consumer's scheduler hands it back to a worker.
    later = retried[0].eta + dt.timedelta(seconds=1)
    due = huey.read_schedule(later)
    assert [task.id for task in due] == [retried[0].id]
    huey.execute(due[0], timestamp=later)
    item.refresh_from_db()
    assert item.emailed_at is not None
    assert len(mail.outbox) == 1
    # A second run of the same task sends nothing more.
    huey.execute(tasks.send_item_email.s(item.pk))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_tasks_are_declared_with_retries(settings):
    for task in (
        tasks.send_item_email,
        periodic.compute_reminders_daily,
        periodic.send_digests_daily,
    ):
        assert (
            task.settings.get("retries", task.retries if hasattr(task, "retries") else None) or True
        )
    assert tasks.send_item_email.s(1).retries == settings.INPROCEDERE_TASK_RETRIES
    assert tasks.send_item_email.s(1).retry_delay == settings.INPROCEDERE_TASK_RETRY_DELAY
    for task in (periodic.compute_reminders_daily, periodic.send_digests_daily):
        assert task.s().retries == settings.INPROCEDERE_TASK_RETRIES


@pytest.mark.django_db
def test_immediate_mode_in_tests_runs_the_daily_tasks():
    """In tests the tasks run at once; a case long without contact gets its reminder, and
    a second run files nothing."""
    from inprocedere.cases.models import Case
    from inprocedere.inbox.reminders import COMPUTATIONS, compute_all
    from inprocedere.network.models import Organisation
    from inprocedere.participants.models import Participant

    carrier = Organisation.objects.get(slug="profes")
    Case.unrestricted.create(
        participant=Participant.unrestricted.create(
            family_name="Still", given_names="S", registered_by=carrier
        ),
        owner_organisation=carrier,
        owner_position=carrier.positions.get(title="Beratung und Begleitung Germersheim"),
        last_contact_on=dt.date.today() - dt.timedelta(days=365),
    )
    assert djhuey.HUEY.immediate
    assert not InboxItem.objects.exists()
    periodic.compute_reminders_daily()
    filed = InboxItem.objects.count()
    assert filed > 0
    again = compute_all()
    assert set(again) == set(COMPUTATIONS)
    assert sum(again.values()) == 0
    assert InboxItem.objects.count() == filed
