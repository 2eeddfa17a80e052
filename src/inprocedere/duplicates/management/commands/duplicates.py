"""`inprocedere duplicates [--min-score X] [--format json|text] [--refresh] [--train]`.

Prints the candidate pairs of the whole register (system code: names are not printed,
only ids and the agencies' identifiers, so the output can go into a ticket). The pairs
are kept up to date as participants change; `--refresh` runs the batch (engine.py:
every key, pair and cluster recomputed in one set-based pass, after an upgrade or a
change of the rules); `--train` estimates the model from the register first.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inprocedere.duplicates import engine, reasons
from inprocedere.duplicates.models import BlockingKey, CandidatePair
from inprocedere.participants.models import ExternalIdentifier, Participant

FORMATS = ("json", "text")
BATCH = 1000


def _score(value: str) -> float:
    try:
        score = float(value)
    except (TypeError, ValueError):
        score = -1
    if not 0 <= score <= 1:
        raise CommandError(
            _("--min-score must be a number from 0 to 1, not “%(value)s”.") % {"value": value}
        )
    return score


class Command(BaseCommand):
    help = _("Lists possible duplicates across the participant register.")

    def add_arguments(self, parser):
        parser.add_argument("--min-score", default=None, metavar="0.0-1.0")
        parser.add_argument("--format", dest="fmt", default="json", metavar="|".join(FORMATS))
        parser.add_argument(
            "--refresh",
            action="store_true",
            help=_("Recompute every blocking key and candidate pair first."),
        )
        parser.add_argument(
            "--train",
            action="store_true",
            help=_("Estimate the model from the register (and reviewers' decisions) first."),
        )

    def handle(self, *args, min_score, fmt, refresh, train=False, **options):
        from inprocedere.duplicates import store

        min_score = store.current().threshold if min_score is None else _score(min_score)
        fmt = (fmt or "").lower()
        if fmt not in FORMATS:
            raise CommandError(
                _("Unknown format “%(format)s”; choose one of: %(formats)s.")
                % {"format": fmt, "formats": ", ".join(FORMATS)}
            )
        never_computed = not BlockingKey.objects.exists() and Participant.unrestricted.exists()
        if refresh or never_computed or train:
            stats = engine.rebuild(train=train)
            self.stderr.write(
                _(
                    "Recomputed in %(seconds)s s: %(participants)s participants, %(compared)s "
                    "comparisons, %(pairs)s pairs; %(split)s oversized blocks split; "
                    "%(too_little)s records with too little to compare (no given name and no "
                    "date of birth, or no family name)."
                )
                % vars(stats)
            )
        pairs = CandidatePair.objects.filter(score__gte=min_score).order_by(
            "-weight", "a_id", "b_id"
        )
        if fmt == "json":
            self._json(pairs)
        else:
            self._text(pairs)

    def _rows(self, pairs):
        """The pairs with their external ids, a batch at a time (never the whole table)."""
        offset = 0
        while True:
            batch = list(pairs[offset : offset + BATCH])
            if not batch:
                return
            offset += BATCH
            ids = {pk for pair in batch for pk in (pair.a_id, pair.b_id)}
            external = {}
            for identifier in (
                ExternalIdentifier.objects.filter(participant_id__in=ids)
                .select_related("organisation")
                .order_by("pk")
            ):
                external.setdefault(identifier.participant_id, []).append(
                    {
                        "organisation": identifier.organisation.slug,
                        "kind": identifier.kind,
                        "value": identifier.value,
                    }
                )
            for pair in batch:
                yield {
                    "a": {"id": pair.a_id, "external_ids": external.get(pair.a_id, [])},
                    "b": {"id": pair.b_id, "external_ids": external.get(pair.b_id, [])},
                    "score": round(pair.score, 3),
                    "weight": round(pair.weight, 2),
                    "cluster": pair.cluster,
                    "reasons": reasons.render_all(pair.reasons, with_names=False),
                }

    def _json(self, pairs):
        self.stdout.write("[", ending="")
        for index, row in enumerate(self._rows(pairs)):
            self.stdout.write(
                ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False), ending=""
            )
        self.stdout.write("\n]")

    def _text(self, pairs):
        count = 0
        for row in self._rows(pairs):
            count += 1
            ids = [
                f"#{side['id']}"
                + "".join(
                    f" {i['organisation']}:{i['kind']}:{i['value']}" for i in side["external_ids"]
                )
                for side in (row["a"], row["b"])
            ]
            self.stdout.write(f"{row['score']:.3f}  {ids[0]}  ~  {ids[1]}")
            for text in row["reasons"]:
                self.stdout.write(f"       {text}")
        self.stdout.write(_("%(count)s pairs.") % {"count": count})
