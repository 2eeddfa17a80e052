"""Pages of case work, one module per thing a case worker works on: their work and the
lists (`work`), referrals (`referrals`), the case (`case`), the measure catalogue (`measures`).
Thin: reads come from `selectors`, writes go through `services`."""
