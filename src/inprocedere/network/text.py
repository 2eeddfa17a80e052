"""Text normalisation for search: case, umlauts and other diacritics ignored."""

import unicodedata

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """'Südliche Weinstraße' -> 'suedliche weinstrasse'; 'Ludwigshafen' -> 'ludwigshafen'."""
    text = (text or "").casefold().translate(_GERMAN)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_terms(query: str) -> list[str]:
    return [term for term in fold(query).split() if term]
