"""Downloads: small shared renderers and the exports built on them.

The renderers know nothing about the network: a `Table` (header and rows of text) becomes
CSV or XLSX (`tables`), an HTML string becomes a PDF (`pdf`), a `Contact` becomes a vCard
(`vcards`); reporting reuses them. `phone_list` is the first export built on them.
"""

from .pdf import find_static, local_only_fetcher, render_pdf
from .phone_list import PhoneList, person_contact, position_contact
from .tables import Table, is_formula_like, neutralise, render_csv, render_xlsx
from .vcards import Contact, render_vcard

__all__ = [
    "Contact",
    "PhoneList",
    "Table",
    "find_static",
    "is_formula_like",
    "local_only_fetcher",
    "neutralise",
    "person_contact",
    "position_contact",
    "render_csv",
    "render_pdf",
    "render_vcard",
    "render_xlsx",
]
