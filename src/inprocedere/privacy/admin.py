"""Consents are not in the admin on purpose: they are personal data and change only
through `privacy.services` (the pages and the API), which check the policy, validate and
write the audit entry. An administrator manages configuration, not case data."""
