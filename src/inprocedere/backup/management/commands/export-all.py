"""`inprocedere export-all DIR`: every table, the uploaded files and a manifest (see
docs/backup-and-restore.md). The directory must be new or empty."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inprocedere.backup.exporter import ExportError, export_all
from inprocedere.core import audit


class Command(BaseCommand):
    help = _("Exports every table and the uploaded files into a directory (JSON Lines).")

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        verbosity = options["verbosity"]
        # Logged first, so the export holds its own entry; the export is itself personal data.
        audit.record("backup.exported", detail={"directory": str(directory)})

        def progress(table):
            if verbosity > 1:
                self.stderr.write(f"{table['model']}: {table['rows']}")

        try:
            manifest = export_all(directory, progress=progress)
        except (ExportError, OSError) as error:
            raise CommandError(str(error)) from None
        rows = sum(table["rows"] for table in manifest["tables"])
        self.stderr.write(
            _("Exported %(rows)s rows of %(tables)s tables and %(files)s files to %(dir)s.")
            % {
                "rows": rows,
                "tables": len(manifest["tables"]),
                "files": len(manifest["media"]),
                "dir": directory,
            }
        )
