"""An import run's report as JSON: the same for the command line and the API."""

from .models import ImportRun
from .services import read_progress


def run_json(run: ImportRun, *, dry_run: bool = False) -> dict:
    data = {
        "id": str(run.pk),
        "status": run.status,
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
    if run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING):
        data["progress"] = read_progress(run)
    return data
