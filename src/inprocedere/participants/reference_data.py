"""Loading the versioned reference data (residence status types) from its fixture."""

import datetime as dt
import json
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "residence_status_types.json"
DATE_FIELDS = ("valid_from", "valid_until", "fixed_end")


def load_residence_status_types(model) -> int:
    """Create or update every row of the fixture (keyed by code + valid_from)."""
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for row in rows:
        values = {
            key: dt.date.fromisoformat(value) if key in DATE_FIELDS and value else value
            for key, value in row.items()
        }
        model.objects.update_or_create(
            code=values.pop("code"), valid_from=values.pop("valid_from"), defaults=values
        )
    return len(rows)
