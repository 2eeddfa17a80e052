"""`inprocedere import participants FILE --organisation SLUG [--dry-run] [--format text|json]`.

Exit status: 0 when the sheet was imported (or, with --dry-run, would import), 1 when it
has problems and nothing was written, 2 for a wrong call (unknown organisation or user,
missing file).
"""

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from inprocedere.imports.models import ImportRun
from inprocedere.imports.reports import run_json
from inprocedere.imports.services import (
    ImportRefused,
    check_path,
    run_commit,
    run_discard,
    system_actor,
)

FORMATS = ("text", "json")


class Command(BaseCommand):
    help = _("Imports data sheets.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        participants = sub.add_parser(
            "participants", help=_("Import a participant sheet (CSV or XLSX, docs/import.md).")
        )
        participants.add_argument("file", metavar="FILE")
        participants.add_argument("--organisation", required=True, metavar="SLUG")
        participants.add_argument(
            "--dry-run", action="store_true", help=_("Check the sheet only; write nothing.")
        )
        participants.add_argument("--format", dest="fmt", default="text", metavar="text|json")
        participants.add_argument(
            "--user",
            default="",
            metavar="NAME",
            help=_("Import as this user (a team lead or case worker of the organisation)."),
        )
        participants.add_argument("--language", default="", metavar="de|en")

    def handle(self, *args, what, **options):
        if options["language"]:
            translation.activate(options["language"])
        fmt = (options["fmt"] or "").lower()
        if fmt not in FORMATS:
            raise CommandError(
                _("Unknown format “%(format)s”; choose one of: %(formats)s.")
                % {"format": options["fmt"], "formats": ", ".join(FORMATS)},
                returncode=2,
            )
        organisation = self._organisation(options["organisation"])
        actor = self._actor(options["user"], organisation)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": path}, returncode=2)
        dry_run = options["dry_run"]
        try:
            run = check_path(actor=actor, organisation=organisation, path=path, source="command")
            if run.status == ImportRun.Status.CHECKED:
                if dry_run:
                    run_discard(actor=actor, run=run)
                    run.status = ImportRun.Status.CHECKED
                else:
                    run = run_commit(actor=actor, run=run, background=False)
        except ImportRefused as refused:
            self._refused(refused.problem, fmt)
            raise CommandError(refused.problem.message, returncode=1) from None
        except PermissionDenied:
            raise CommandError(
                _("%(user)s may not import for %(organisation)s.")
                % {"user": actor.get_username(), "organisation": organisation},
                returncode=2,
            ) from None
        ok = run.status in (ImportRun.Status.CHECKED, ImportRun.Status.DONE)
        if fmt == "json":
            self.stdout.write(json.dumps(run_json(run, dry_run=dry_run), ensure_ascii=False))
        else:
            self._text(run, dry_run)
        if not ok:
            raise CommandError(_("Nothing was written."), returncode=1)

    def _organisation(self, slug):
        from inprocedere.network.models import Organisation

        try:
            return Organisation.objects.get(slug=slug)
        except Organisation.DoesNotExist:
            raise CommandError(
                _("Unknown organisation: %(slug)s") % {"slug": slug}, returncode=2
            ) from None

    def _actor(self, username, organisation):
        if not username:
            try:
                return system_actor(organisation)
            except PermissionDenied:
                raise CommandError(
                    _("%(organisation)s has no position of case work to import through.")
                    % {"organisation": organisation},
                    returncode=2,
                ) from None
        from django.contrib.auth import get_user_model

        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(
                _("Unknown user: %(name)s") % {"name": username}, returncode=2
            ) from None

    def _refused(self, problem, fmt):
        if fmt == "json":
            self.stdout.write(
                json.dumps(
                    {"status": "refused", "problems": [problem.as_json()]}, ensure_ascii=False
                )
            )

    def _text(self, run, dry_run):
        summary = run.summary
        write = self.stdout.write
        write(
            _("%(file)s: %(rows)s rows, %(errors)s errors, %(warnings)s warnings.")
            % {
                "file": run.file_name,
                "rows": summary.get("rows", 0),
                "errors": summary.get("errors", 0),
                "warnings": summary.get("warnings", 0),
            }
        )
        for problem in run.problem_list:
            where = []
            if problem.row:
                where.append(_("row %(row)s") % {"row": problem.row})
            if problem.column:
                where.append(problem.column)
            label = _("error") if problem.level == "error" else _("warning")
            prefix = f"{', '.join(where)}: " if where else ""
            write(f"  {label}: {prefix}{problem.message}")
        if run.status == ImportRun.Status.DONE:
            result = run.result
            write(
                _(
                    "Imported: %(people)s new people, %(entries)s new entries, %(updated)s "
                    "entries completed, %(unchanged)s unchanged."
                )
                % {
                    "people": result.get("new_people", 0),
                    "entries": result.get("new_entries", 0),
                    "updated": result.get("updated_entries", 0),
                    "unchanged": result.get("unchanged_entries", 0),
                }
            )
        elif run.status == ImportRun.Status.CHECKED and dry_run:
            write(
                _(
                    "Dry run: would register %(people)s new people and record %(entries)s new "
                    "entries (%(updated)s completed, %(unchanged)s unchanged). Nothing written."
                )
                % {
                    "people": summary.get("new_people", 0),
                    "entries": summary.get("new_entries", 0),
                    "updated": summary.get("updated_entries", 0),
                    "unchanged": summary.get("unchanged_entries", 0),
                }
            )
