from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inprocedere.cooperation.demo import seed_demo_cooperation
from inprocedere.demo_cases import seed_demo_cases
from inprocedere.duplicates.demo import seed_demo_duplicates
from inprocedere.inbox.demo import seed_demo_inbox
from inprocedere.network import demo_data
from inprocedere.network.demo import seed_demo
from inprocedere.rights.demo import seed_retention_rules


class Command(BaseCommand):
    help = _("Load the demo network of the slides (idempotent: missing parts are added).")

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError(
                _(
                    "Demo data is only loaded when INPROCEDERE_DEMO=1: it contains demo accounts "
                    "with a published password."
                )
            )
        created = seed_demo()
        participants = seed_demo_cases()
        seed_demo_cooperation()
        seed_retention_rules()
        seed_demo_inbox()
        seed_demo_duplicates()
        self.stdout.write(
            _(
                "Demo network ready (new: %(organisations)s organisations, "
                "%(positions)s positions, %(accounts)s accounts)."
            )
            % created
        )
        if participants:
            self.stdout.write(
                _("Demo case work ready: %(count)s fictional participants.")
                % {"count": participants}
            )
        self.stdout.write(
            _("Demo accounts (password: %(password)s):") % {"password": settings.DEMO_PASSWORD}
        )
        for username, label, _position in demo_data.DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {label}")
