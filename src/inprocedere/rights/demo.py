"""Demo retention rules: the two ESF 2007–2013 funding periods of the slides were closed
long ago (their historical participants show up as due for erasure), the WIR period of
2022–2027 has no last payment yet (its duty has no known end)."""

import datetime as dt

from .models import RetentionRule, RetentionStart

RULES = [
    # slug, years, counted from, reference date, source
    ("fp1", 3, RetentionStart.CLOSURE, dt.date(2017, 3, 31), "ESF 2007–2013, LAW.md §5 [check]"),
    ("fp2", 3, RetentionStart.CLOSURE, dt.date(2017, 3, 31), "ESF 2007–2013, LAW.md §5 [check]"),
    ("fp3", 5, RetentionStart.LAST_PAYMENT, None, "ESF+ 2021–2027, LAW.md §5 [check]"),
]


def seed_retention_rules() -> int:
    """Create the demo rules that are missing; returns how many were created."""
    from inprocedere.network.models import FundingPeriod

    created = 0
    periods = {p.slug: p for p in FundingPeriod.objects.filter(slug__in=[r[0] for r in RULES])}
    for slug, years, starts_from, reference, source in RULES:
        period = periods.get(slug)
        if period is None:
            continue
        _rule, new = RetentionRule.objects.get_or_create(
            funding_period=period,
            defaults={
                "years": years,
                "starts_from": starts_from,
                "closure_on": reference if starts_from == RetentionStart.CLOSURE else None,
                "last_payment_on": reference
                if starts_from == RetentionStart.LAST_PAYMENT
                else None,
                "source": source,
            },
        )
        created += new
    return created
