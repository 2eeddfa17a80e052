import os

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Serve InProcedere with the production web server (gunicorn).")

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )

    def handle(self, *args, host, port, workers, **options):
        from gunicorn.app.base import BaseApplication

        from inprocedere.config.wsgi import application

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

        self.stdout.write(
            _("InProcedere serves at http://%(host)s:%(port)s/") % {"host": host, "port": port}
        )
        Server().run()
