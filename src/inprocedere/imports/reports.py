"""An import run's report as JSON: the same for the command line and the API."""

from .lifecycle import read_progress
from .models import ImportRun


def run_json(run: ImportRun, *, dry_run: bool = False) -> dict:
    dry_run = dry_run or run.dry_run
    status = run.status
    if run.dry_run and status == ImportRun.Status.DISCARDED:
        status = ImportRun.Status.CHECKED  # a dry run's upload is discarded once checked
    data = {
        "id": str(run.pk),
        "status": status,
        "dry_run": dry_run,
        "file": run.file_name,
        "format": run.file_format,
        "organisation": run.organisation.slug,
        "summary": run.summary,
        "result": run.result,
        "problems": [problem.as_json() for problem in run.problem_list],
        "problems_not_listed": max(
            0,
            run.summary.get("errors", 0) + run.summary.get("warnings", 0) - len(run.problems),
        ),
    }
    if run.working:
        data["progress"] = read_progress(run)
    return data
