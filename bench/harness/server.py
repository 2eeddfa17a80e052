"""The server under test: `inprocedere serve` (gunicorn, as production runs it), started
in a process group of its own so that stopping it stops its workers too."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


class Server:
    def __init__(self, *, port: int, workers: int, log: Path):
        self.port = port
        self.workers = workers
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        command = [
            sys.executable,
            "-m",
            "inprocedere.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--no-background",  # the benchmark measures pages, not the task queue
        ]
        handle = open(self.log, "ab")  # noqa: SIM115 - kept open for the server's life
        self.process = subprocess.Popen(
            command,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server ended at start-up; see {self.log}")
            if self._healthy():
                return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s; see {self.log}")

    def _healthy(self) -> bool:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            connection.request("GET", "/health")
            return connection.getresponse().status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
