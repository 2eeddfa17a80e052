"""The demo's case data, read from `inprocedere/data/demo_cases.json`."""

import json
from pathlib import Path

DATA = json.loads((Path(__file__).parent.parent / "data" / "demo_cases.json").read_text("utf-8"))
REF_PREFIX = DATA["file_number_prefix"]
TEXTS = DATA["texts"]
