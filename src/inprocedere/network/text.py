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


# A term of one letter matches nearly everyone and no index can find it without reading
# every row; two letters are searched as the start of a word (" li" finds "Li", "Lina").
MIN_TERM_LENGTH = 2
MAX_TERMS = 8


def needles(query: str) -> list[str]:
    """The substrings a folded search text must contain, longest first (the most selective
    term leads the query): terms of 3+ characters as they are, 2-character terms as the
    start of a word, single characters dropped; at most `MAX_TERMS`."""
    found = []
    for term in dict.fromkeys(search_terms(query)):
        if len(term) >= 3:
            found.append(term)
        elif len(term) == MIN_TERM_LENGTH:
            found.append(f" {term}")
    return sorted(found, key=len, reverse=True)[:MAX_TERMS]


def too_short(query: str) -> bool:
    """True when `query` has text but no term an index can search (only single letters)."""
    return bool(search_terms(query)) and not needles(query)
