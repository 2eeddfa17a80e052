"""What duplicate detection keeps: blocking keys, candidate pairs, decisions and merges.

At a million people nobody can compare everybody with everybody. Each participant
gets a handful of *blocking keys* (phonetic codes of name combinations, some with the
birth date); only participants sharing a key are ever compared, and the pairs that
score high enough are kept as `CandidatePair` rows for review. Keys and pairs of a
person are refreshed whenever their name, aliases, birth date or citizenship change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inprocedere.privacy.categories import Category


class BlockingKey(models.Model):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="+"
    )
    # Blank after an erasure of the identity (the shredders blank what they may): a blank
    # key blocks nothing.
    key = models.CharField(max_length=100, blank=True)
    # The record's year and month of birth: a block too large to compare in full is split
    # by them (blocks.py), never skipped.
    year = models.SmallIntegerField(null=True, blank=True)
    month = models.SmallIntegerField(null=True, blank=True)

    DATA_CATEGORIES = {"key": Category.IDENTITY, "year": Category.IDENTITY}

    class Meta:
        verbose_name = _("blocking key")
        verbose_name_plural = _("blocking keys")
        indexes = [models.Index(fields=["key", "year", "month"], name="blockingkey_split")]

    def __str__(self):
        return self.key


class CandidatePair(models.Model):
    """Two participants who may be the same person; `a` has the lower id.

    `weight` is the match weight of the model (bits of evidence, model.py), `score` its
    match probability (0–1); `cluster` the lowest id of the group of records linked by
    pairs at or above the review threshold (three or more records of one person are
    reviewed and merged as one)."""

    a = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("match probability"), db_index=True)
    weight = models.FloatField(_("match weight"), default=0.0, db_index=True)
    cluster = models.IntegerField(_("cluster"), null=True, blank=True, db_index=True)
    # [{"code": ..., "params": {...}, "weight": ...}]: every comparison, rendered in the
    # reader's language (reasons.py).
    reasons = models.JSONField(_("reasons"), default=list)
    found_at = models.DateTimeField(_("found"), auto_now=True)

    DATA_CATEGORIES = {"reasons": Category.IDENTITY}  # the reasons quote the names

    class Meta:
        ordering = ["-weight", "a_id", "b_id"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], name="unique_candidate_pair"),
            models.CheckConstraint(condition=models.Q(a__lt=models.F("b")), name="pair_a_lt_b"),
        ]

    def __str__(self):
        return f"#{self.a_id} ~ #{self.b_id} ({self.score:.2f})"


class LinkageModel(models.Model):
    """The trained parameters of the model (m, u, prior, threshold; model.Params as JSON).
    The newest row is in force; older ones stay for comparison."""

    params = models.JSONField(_("parameters"))
    trained_at = models.DateTimeField(_("trained"), auto_now_add=True)

    class Meta:
        ordering = ["-trained_at", "-pk"]
        verbose_name = _("linkage model")
        verbose_name_plural = _("linkage models")

    def __str__(self):
        return f"{self.trained_at:%Y-%m-%d %H:%M}"


class NameFrequency(models.Model):
    """How many records carry a name (normal form): the term frequencies that weigh an
    agreeing common name less than a rare one. Counted by the batch run."""

    kind = models.CharField(max_length=6)  # 'given' or 'family'
    value = models.CharField(max_length=150)
    count = models.PositiveIntegerField()

    DATA_CATEGORIES = {"value": Category.IDENTITY}

    class Meta:
        verbose_name = _("name frequency")
        verbose_name_plural = _("name frequencies")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="unique_name_frequency")
        ]

    def __str__(self):
        return f"{self.kind}:{self.value} ({self.count})"


class Decision(models.Model):
    """A person decided that two records are different people: never proposed again."""

    a = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    DATA_CATEGORIES = {"note": Category.IDENTITY}

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("decision: different people")
        verbose_name_plural = _("decisions: different people")
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], name="unique_decision_pair"),
            models.CheckConstraint(condition=models.Q(a__lt=models.F("b")), name="decision_a_lt_b"),
        ]

    def __str__(self):
        return f"#{self.a_id} ≠ #{self.b_id}"


class MergeRecord(models.Model):
    """One merge: which records moved from `merged` to `survivor`, so it can be undone.

    `moved` is {"app_label.model": {"field": [pk, ...]}}: exactly the rows whose foreign
    key was changed, found by introspection of every model pointing at a participant.
    """

    survivor = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    merged = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    alias = models.ForeignKey(
        "participants.Alias", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    moved = models.JSONField(_("moved records"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    DATA_CATEGORIES = {"reasons": Category.IDENTITY}

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        indexes = [models.Index(fields=["merged", "undone_at"])]

    def __str__(self):
        return f"#{self.merged_id} → #{self.survivor_id}"

    @property
    def is_active(self):
        return self.undone_at is None

    def moved_count(self) -> int:
        return sum(len(pks) for fields in self.moved.values() for pks in fields.values())
