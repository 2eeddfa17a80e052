"""The network of the slides (DOMAIN.md), with fictional staff, read from `data/demo_network.json`.

The data live in a file, not in code: editing the demo means editing records, and the
seed (`network/demo.py`) stays short. The names below keep the shapes the seed and the
demo command unpack (tuples in the file's field order).
"""

import json
from pathlib import Path

_DATA = json.loads((Path(__file__).parent / "data" / "demo_network.json").read_text("utf-8"))


def _rows(key: str) -> list[tuple]:
    return [tuple(record.values()) for record in _DATA[key]]


REGIONS = _rows("regions")
FUNDING_PERIODS = _rows("funding_periods")
PROGRAMME = _DATA["programme"]
PROGRAMME_WIR = _DATA["programme_wir"]
TOPICS = _rows("topics")
MANDATES = {kind: tuple(texts.values()) for kind, texts in _DATA["mandates"].items()}
ORGANISATIONS = _rows("organisations")
MEMBERSHIPS = _DATA["memberships"]
SUBPROJECTS = _rows("subprojects")
POSITIONS = [
    (
        *(value for field, value in record.items() if field != "holders"),
        [tuple(holder.values()) for holder in record["holders"]],
    )
    for record in _DATA["positions"]
]
DEMO_ACCOUNTS = _rows("demo_accounts")
