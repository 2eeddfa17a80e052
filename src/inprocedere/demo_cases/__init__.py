"""Demo case work: ~60 fictional participants across the five regions in every stage.

The people, measures, stages and texts are data (`inprocedere/data/demo_cases.json`);
`story.py` tells each person's story from them, `records.py` writes what surrounds it.
Seeded directly (like the network demo) so it does not depend on the order in which
services evolve; deterministic (a fixed random seed), idempotent (skipped when the demo
participants exist). Dates are relative to today, except the historical cohort, whose
residence histories follow the slides' years: Duldung → § 104a auf Probe (until
31.12.2009) → § 23 Abs. 1 after the IMK decision of 4.12.2009.
"""

from .data import REF_PREFIX
from .story import seed_demo_cases

__all__ = ["REF_PREFIX", "seed_demo_cases"]
