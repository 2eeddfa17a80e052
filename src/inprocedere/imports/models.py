"""An import run: one uploaded sheet, its check, and — once confirmed — its import."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .problems import Problem


class ImportRun(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        INVALID = "invalid", _("Not importable")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        QUEUED = "queued", _("Waiting to be imported")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed, nothing written")
        DISCARDED = "discarded", _("Discarded")

    class Source(models.TextChoices):
        PAGE = "page", _("Upload page")
        API = "api", _("API")
        COMMAND = "command", _("Command line")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.ForeignKey(
        "network.Position",
        verbose_name=_("imported as"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    file_name = models.CharField(_("file"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    stored_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    summary = models.JSONField(_("summary"), default=dict)
    problems = models.JSONField(_("problems"), default=list)
    headers = models.JSONField(default=dict)
    preview = models.JSONField(default=list)
    warned_refs = models.JSONField(default=list)
    result = models.JSONField(_("result"), default=dict)
    # What the uploader asked for once a background check is done (the API's upload).
    dry_run = models.BooleanField(default=False)
    commit_after_check = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def audit_organisation(self):
        return self.organisation

    @property
    def problem_list(self) -> list[Problem]:
        return [Problem.from_stored(item) for item in self.problems]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problem_list if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problem_list if p.level != "error"]

    @property
    def rows(self) -> int:
        return self.summary.get("rows", 0)

    @property
    def working(self) -> bool:
        """Being checked or imported in the background: the page shows progress."""
        return self.status in (
            self.Status.CHECKING,
            self.Status.QUEUED,
            self.Status.RUNNING,
        )

    @property
    def finished(self) -> bool:
        return self.status in (
            self.Status.INVALID,
            self.Status.DONE,
            self.Status.FAILED,
            self.Status.DISCARDED,
        )


class PendingKeys(models.Model):
    """A person an import registered whose duplicate-detection keys and candidate pairs
    are still to be computed: written in the import's transaction, deleted in the one
    that computes them after the commit (pending.py, decision 0022). So a worker that
    dies in between leaves these rows, and the next start finds them. A bare id, no
    foreign key: it is no record of the person (nothing to export or move), and an id of
    a person erased meanwhile computes nothing."""

    participant_id = models.BigIntegerField()
    run = models.ForeignKey(ImportRun, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("duplicate check pending")
        verbose_name_plural = _("duplicate checks pending")

    def __str__(self):
        return f"#{self.participant_id}"
