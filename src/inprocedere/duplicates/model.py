"""The Fellegi–Sunter model: m and u probabilities per comparison level, the prior, and
the match weight of a pair with its explanation.

For each comparison level, m is the probability that two records of *one* person fall
into it, u the probability for two records of *different* people. A level weighs
log2(m/u) bits; a pair's match weight is the prior log2(λ/(1−λ)) plus the weights of its
levels, its match probability 2^w/(1+2^w). Where given or family names agree exactly or
after romanisation, u is replaced by how common that name is in the register
(term-frequency adjustment): "Mohammed" agreeing says little, "Gebremedhin" a lot.

`DEFAULT_MU` holds starting values so that a new installation works from the first person
on; `training.py` estimates m and u from the register (u from random pairs, m by EM
over blocked pairs, with reviewers' decisions as known answers) and stores them
(`LinkageModel`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .comparisons import COMPARISONS, NULL, TF_LEVELS, Levels

# (m, u) per level.
DEFAULT_MU: dict[str, dict[str, tuple[float, float]]] = {
    # m: the share of true pairs in each level on the variant set (bench/linkage,
    # seed 7, 100,000 records: `quality.py --fit 7`), a stand-in for reviewers' decisions
    # until an installation has its own; levels the set never produces for one person
    # (another sex, no common citizenship, full dates a year apart) keep a small m for
    # the slips of real offices instead of zero. u: the share among random pairs of the
    # same set (`training.estimate_u`), replaced by the register's own at `--train`.
    "given": {
        "exact": (0.73, 0.0025),
        "romanised": (0.07, 0.001),
        "parts": (0.125, 0.004),
        "phonetic": (0.04, 0.005),
        "jw92": (0.014, 0.0015),
        "jw85": (0.013, 0.006),
        "else": (0.01, 0.98),
    },
    "family": {
        "exact": (0.86, 0.002),
        "romanised": (0.08, 0.001),
        "parts": (0.005, 0.0015),
        "phonetic": (0.035, 0.006),
        "jw92": (0.011, 0.0025),
        "jw85": (0.007, 0.009),
        "else": (0.003, 0.98),
    },
    "birth": {
        "day": (0.47, 0.00004),
        "same_coarse": (0.18, 0.0005),
        "month": (0.095, 0.00025),
        "year": (0.075, 0.005),
        "swapped": (0.03, 0.00002),
        "same_year": (0.003, 0.015),
        "estimated": (0.145, 0.03),
        "one_year": (0.003, 0.026),
        "two_years": (0.002, 0.025),
        "else": (0.001, 0.9),
    },
    "sex": {"same": (0.99, 0.55), "else": (0.01, 0.45)},
    "citizenship": {"common": (0.97, 0.16), "else": (0.03, 0.84)},
    "place": {"exact": (0.9, 0.017), "jw88": (0.05, 0.0003), "else": (0.05, 0.98)},
}
# u of sex, citizenship and place among pairs whose names already agree. Given names
# mostly say the sex, family names the country and so the place: among two *different*
# people called Mohammed Al-Hassan, the same sex and citizenship are nearly certain, so
# agreeing there says little. Taking u from random pairs would count the names twice
# (the independence Fellegi-Sunter assumes does not hold for these). Estimated by
# `training.py` from the blocked pairs (nearly all of them non-matches).
CONDITIONED = {"sex": "given", "citizenship": "family", "place": "family"}
AGREEING = ("exact", "romanised", "parts", "phonetic")
DEFAULT_U_AGREEING: dict[str, dict[str, float]] = {
    "sex": {"same": 0.97, "else": 0.03},
    "citizenship": {"common": 0.9, "else": 0.1},
    "place": {"exact": 0.12, "jw88": 0.01, "else": 0.87},
}


def agreeing(comparison: str) -> str:
    """The key of `comparison`'s u among pairs whose names agree ('sex|names')."""
    return f"{comparison}|names"


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
        u = {c: {lv: mu[1] for lv, mu in levels.items()} for c, levels in DEFAULT_MU.items()}
        u.update({agreeing(c): dict(levels) for c, levels in DEFAULT_U_AGREEING.items()})
        return cls(
            m={c: {lv: mu[0] for lv, mu in levels.items()} for c, levels in DEFAULT_MU.items()},
            u=u,
        )

    @classmethod
    def from_json(cls, data: dict) -> Params:
        params = cls.default()
        for side in ("m", "u"):
            for comparison, levels in (data.get(side) or {}).items():
                known = COMPARISONS.get(comparison.removesuffix("|names"))
                if known and comparison in getattr(params, side):
                    for level, value in levels.items():
                        if level in known:
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

    def level_weight(self, comparison: str, level: str, names_agree: bool = False) -> float:
        """log2(m/u); for sex, citizenship and place with u among pairs whose names
        agree when they do (`CONDITIONED`)."""
        if level == NULL:
            return 0.0
        m = max(self.m[comparison][level], PROBABILITY_FLOOR)
        table = self.u[agreeing(comparison)] if names_agree else self.u[comparison]
        u = max(table[level], PROBABILITY_FLOOR)
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
        condition = CONDITIONED.get(comparison)
        names_agree = condition is not None and getattr(levels, condition) in AGREEING
        weight = params.level_weight(comparison, level, names_agree)
        weight += params.tf_adjustment(comparison, level, frequency)
        total += weight
        parts.append(Scored(comparison, level, weight, frequency if level in TF_LEVELS else None))
    return total, parts
