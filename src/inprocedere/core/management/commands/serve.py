import logging
import os
import signal
import subprocess
import sys
import threading
import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

logger = logging.getLogger("inprocedere.serve")


class Consumer:
    """The Huey consumer (`inprocedere run_huey`) as a child of `serve`: started before
    the web server, restarted if it dies, stopped when the web server stops."""

    RESTART_DELAY = 5

    def __init__(self):
        self.process = None
        self.stopping = threading.Event()
        # gunicorn forks its workers from this process, and a worker that exits unwinds
        # through our `finally`: only the process that started the consumer stops it.
        self.owner = os.getpid()

    def command(self):
        return [sys.executable, "-m", "inprocedere.cli", "run_huey"]

    def start(self):
        self.process = subprocess.Popen(self.command())  # noqa: S603 - our own command
        logger.info("Huey consumer started (pid %s)", self.process.pid)
        threading.Thread(target=self._watch, name="huey-watch", daemon=True).start()

    def _watch(self):
        while not self.stopping.is_set():
            code = self.process.wait()
            if self.stopping.is_set():
                return
            logger.error(
                "Huey consumer ended unexpectedly (exit %s); restarting in %ss",
                code,
                self.RESTART_DELAY,
            )
            if self.stopping.wait(self.RESTART_DELAY):
                return
            self.process = subprocess.Popen(self.command())  # noqa: S603
            logger.info("Huey consumer restarted (pid %s)", self.process.pid)

    def stop(self, timeout=20):
        if os.getpid() != self.owner:
            return
        self.stopping.set()
        process = self.process
        if process is None or process.poll() is not None:
            return
        # SIGINT lets the consumer finish the tasks it is running, then exit.
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        logger.info("Huey consumer stopped")


class Command(BaseCommand):
    help = _(
        "Serve InProcedere with the production web server (gunicorn) and the background "
        "worker (Huey consumer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument(
            "--no-background",
            action="store_true",
            help=_("Do not start the Huey consumer (when it runs as a service of its own)."),
        )

    def handle(self, *args, host, port, workers, no_background, **options):
        from django.core.wsgi import get_wsgi_application
        from gunicorn.app.base import BaseApplication

        # The settings are loaded already (this is a management command).
        application = get_wsgi_application()

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", workers)
                self.cfg.set("threads", 4)
                self.cfg.set("timeout", 120)
                self.cfg.set("accesslog", "-")
                self.cfg.set("proc_name", "inprocedere")

            def load(self):
                return application

        consumer = None if no_background else Consumer()
        self.stdout.write(
            _("InProcedere serves at http://%(host)s:%(port)s/") % {"host": host, "port": port}
        )
        if consumer is not None:
            consumer.start()
            time.sleep(0.1)
        try:
            Server().run()
        finally:
            if consumer is not None:
                consumer.stop()
