"""The Fellegi–Sunter model: m and u probabilities per comparison level, the prior, and
the match weight of a pair with its explanation.

For each comparison level, m is the probability that two records of *one* person fall
into it, u the probability for two records of *different* people. A level weighs
log2(m/u) bits; a pair's match weight is the prior log2(λ/(1−λ)) plus the weights of its
levels, its match probability 2^w/(1+2^w). Where given or family names agree exactly or
after romanisation, u is replaced by how common that name is in the register
(term-frequency adjustment): "Mohammed" agreeing says little, "Gebremedhin" a lot.

`DEFAULT` holds hand-set values so that a new installation works from the first person
on; `training.py` estimates m and u from the register (u from random pairs, m by EM
over blocked pairs, with reviewers' decisions as known answers) and stores them
(`LinkageModel`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .comparisons import COMPARISONS, NULL, TF_LEVELS, Levels

# (m, u) per level. The u of a date level follows from its precision (one day in about
# fifty years of birth dates, one month, one year); names from the share of agreeing
# names among random pairs of a register of refugees' names.
DEFAULT_MU: dict[str, dict[str, tuple[float, float]]] = {
    "given": {
        "exact": (0.70, 0.01),
        "romanised": (0.12, 0.002),
        "parts": (0.05, 0.0005),
        "phonetic": (0.05, 0.004),
        "jw92": (0.03, 0.003),
        "jw85": (0.02, 0.01),
        "else": (0.03, 0.97),
    },
    "family": {
        "exact": (0.72, 0.005),
        "romanised": (0.10, 0.001),
        "parts": (0.05, 0.0003),
        "phonetic": (0.05, 0.002),
        "jw92": (0.03, 0.002),
        "jw85": (0.02, 0.01),
        "else": (0.03, 0.98),
    },
    "birth": {
        # m: two records of one person carry the same full date unless one was
        # registered with a coarser date, an estimated age or a slip of the pen; dates
        # that are simply different are rare among them.
        "day": (0.80, 0.00005),
        "month": (0.04, 0.0005),
        "year": (0.06, 0.01),
        "swapped": (0.01, 0.00005),
        "same_year": (0.003, 0.02),
        "one_year": (0.03, 0.04),
        "two_years": (0.015, 0.04),
        "else": (0.002, 0.89),
    },
    "sex": {"same": (0.97, 0.5), "else": (0.03, 0.5)},
    "citizenship": {"common": (0.95, 0.3), "else": (0.05, 0.7)},
    "place": {"exact": (0.8, 0.01), "jw88": (0.1, 0.01), "else": (0.1, 0.98)},
}
DEFAULT_LAMBDA = 1e-5
DEFAULT_THRESHOLD = 0.9  # match probability from which a pair is proposed for review
PROBABILITY_FLOOR = 1e-9


@dataclass
class Params:
    m: dict[str, dict[str, float]]
    u: dict[str, dict[str, float]]
    prior: float = DEFAULT_LAMBDA  # λ: two records drawn at random are one person
    threshold: float = DEFAULT_THRESHOLD
    tf_floor: float = 1e-6  # the rarest name counts as this common
    source: str = "default"  # 'default' or 'trained'
    facts: dict = field(default_factory=dict)  # how it was trained (records, pairs, labels)

    @classmethod
    def default(cls) -> Params:
        return cls(
            m={c: {lv: mu[0] for lv, mu in levels.items()} for c, levels in DEFAULT_MU.items()},
            u={c: {lv: mu[1] for lv, mu in levels.items()} for c, levels in DEFAULT_MU.items()},
        )

    @classmethod
    def from_json(cls, data: dict) -> Params:
        params = cls.default()
        for side in ("m", "u"):
            for comparison, levels in (data.get(side) or {}).items():
                if comparison in COMPARISONS:
                    for level, value in levels.items():
                        if level in COMPARISONS[comparison]:
                            getattr(params, side)[comparison][level] = float(value)
        for key in ("prior", "threshold", "tf_floor"):
            if key in data:
                setattr(params, key, float(data[key]))
        params.source = data.get("source", "trained")
        params.facts = data.get("facts") or {}
        return params

    def as_json(self) -> dict:
        return {
            "m": self.m,
            "u": self.u,
            "prior": self.prior,
            "threshold": self.threshold,
            "tf_floor": self.tf_floor,
            "source": self.source,
            "facts": self.facts,
        }

    # --- weights ---------------------------------------------------------------------

    def level_weight(self, comparison: str, level: str) -> float:
        if level == NULL:
            return 0.0
        m = max(self.m[comparison][level], PROBABILITY_FLOOR)
        u = max(self.u[comparison][level], PROBABILITY_FLOOR)
        return math.log2(m / u)

    def tf_adjustment(self, comparison: str, level: str, frequency: float | None) -> float:
        """log2(u / tf): the weight of an agreeing name moved by how common it is."""
        if level not in TF_LEVELS or frequency is None or comparison not in ("given", "family"):
            return 0.0
        u = max(self.u[comparison][level], PROBABILITY_FLOOR)
        return math.log2(u / max(frequency, self.tf_floor))

    @property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1 - self.prior))

    def threshold_weight(self) -> float:
        return math.log2(self.threshold / (1 - self.threshold))


def probability(weight: float) -> float:
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = 2.0**weight
    return odds / (1 + odds)


@dataclass
class Scored:
    """One comparison of a pair: its level and weight (for the explanation)."""

    comparison: str
    level: str
    weight: float
    frequency: float | None = None


def score(params: Params, levels: Levels, frequencies: dict[str, float | None]) -> tuple:
    """(match weight, [Scored]) of a pair; `frequencies` {"given": tf, "family": tf} of the
    agreeing names (None where unknown)."""
    total = params.prior_weight
    parts = []
    for comparison, level in levels.items():
        frequency = frequencies.get(comparison)
        weight = params.level_weight(comparison, level)
        weight += params.tf_adjustment(comparison, level, frequency)
        total += weight
        parts.append(Scored(comparison, level, weight, frequency if level in TF_LEVELS else None))
    return total, parts
