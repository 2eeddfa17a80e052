"""What the scale generator remembers about a database it grew.

`SeedRun`: one run of `inprocedere bench seed` (seed, anchor date, how many people it
added, the showcase records the benchmark opens). The generated people are numbered
0, 1, 2, … across runs; person *i* is drawn from (seed, i) alone, so growing a database
in several runs gives the same people as growing it in one.

`Reregistration`: the ground truth of the generated re-registrations (a person registered
a second time under a variant spelling), for measuring duplicate detection. Kept as bare
ids, like the access log: the benchmark's bookkeeping never holds up a merge or erasure.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SeedRun(models.Model):
    seed = models.BigIntegerField(_("seed"))
    anchor = models.DateField(_("generated as of"))
    first_index = models.PositiveBigIntegerField(_("first generated person"))
    target = models.PositiveBigIntegerField(_("participants wanted"))
    generated = models.PositiveBigIntegerField(_("participants generated"), default=0)
    deferred = models.JSONField(_("deferred derived data"), default=list, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("scale-data run")
        verbose_name_plural = _("scale-data runs")

    def __str__(self):
        return f"seed {self.seed}: +{self.generated}"


class Reregistration(models.Model):
    class Variation(models.TextChoices):
        SPELLING = "spelling", _("Another spelling of the name")
        SWAPPED = "swapped", _("Given and family name swapped")
        TYPO = "typo", _("A typing error")
        COARSE_DATE = "coarse_date", _("Birth date known only to the year")
        MIDDLE_NAME = "middle_name", _("A middle name added")

    original_id = models.PositiveBigIntegerField(_("original participant"), db_index=True)
    duplicate_id = models.PositiveBigIntegerField(_("re-registered participant"), unique=True)
    variation = models.CharField(_("variation"), max_length=20, choices=Variation.choices)

    class Meta:
        ordering = ["original_id", "duplicate_id"]
        verbose_name = _("generated re-registration")
        verbose_name_plural = _("generated re-registrations")

    def __str__(self):
        return f"#{self.original_id} ~ #{self.duplicate_id} ({self.variation})"
