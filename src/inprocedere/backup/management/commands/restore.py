"""`inprocedere restore DIR`: an export back into a new, migrated database (see
docs/backup-and-restore.md). Refuses a database that holds data, a damaged export
and an export of another schema version, before writing anything."""

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inprocedere.backup.restorer import RestoreError, restore


class Command(BaseCommand):
    help = _("Restores an export of export-all into an empty, migrated database.")

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        verbosity = options["verbosity"]

        def progress(model, rows):
            if verbosity > 1:
                self.stderr.write(f"{model}: {rows}")

        try:
            loaded = restore(directory, progress=progress)
        except (RestoreError, OSError) as error:
            raise CommandError(str(error)) from None
        ContentType.objects.clear_cache()
        self.stderr.write(
            _("Restored %(rows)s rows of %(tables)s tables from %(dir)s.")
            % {"rows": sum(loaded.values()), "tables": len(loaded), "dir": directory}
        )
