from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inprocedere.accounts.demo_leftovers import remove_demo_leftovers


class Command(BaseCommand):
    help = _(
        "Remove what `inprocedere demo` left behind: deactivate the demo accounts and delete "
        "the fictional participants with everything recorded about them."
    )

    def handle(self, *args, **options):
        if settings.DEMO:
            raise CommandError(
                _("This is a demo installation (INPROCEDERE_DEMO=1): nothing removed.")
            )
        removed = remove_demo_leftovers()
        self.stdout.write(
            _(
                "Demo accounts deactivated: %(accounts)s. Fictional participants deleted: "
                "%(participants)s (%(rows)s records in all)."
            )
            % removed
        )
