"""`inprocedere serve` keeps a Huey consumer beside gunicorn: started, restarted when it
dies, stopped with the server (and never by a forked gunicorn worker)."""

import os
import sys
import time

from inprocedere.core.management.commands.serve import Consumer

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


class FakeConsumer(Consumer):
    RESTART_DELAY = 0.1

    def command(self):
        return SLEEPER


def _wait(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_started_restarted_and_stopped():
    consumer = FakeConsumer()
    consumer.start()
    first = consumer.process
    assert first.poll() is None
    first.kill()  # the consumer dies: it is started again
    assert _wait(lambda: consumer.process is not first and consumer.process.poll() is None)
    second = consumer.process
    consumer.stop(timeout=5)
    assert second.poll() is not None
    time.sleep(0.3)
    assert consumer.process is second  # not restarted after a deliberate stop


def test_a_forked_worker_does_not_stop_it():
    consumer = FakeConsumer()
    consumer.start()
    try:
        consumer.owner = os.getpid() + 1  # as seen from a gunicorn worker
        consumer.stop(timeout=5)
        assert consumer.process.poll() is None
    finally:
        consumer.owner = os.getpid()
        consumer.stop(timeout=5)
    assert consumer.process.poll() is not None


def test_the_real_command_is_the_huey_consumer():
    assert Consumer().command()[-1] == "run_huey"
