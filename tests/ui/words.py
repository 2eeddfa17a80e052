"""What a reader must never meet on a German page: raw codes, usernames, Django's empty
choice, English left untranslated. Used by test_words.py on every page type."""

from __future__ import annotations

import re
from html.parser import HTMLParser

USERNAMES = ("caseworker", "teamlead", "authority", "jobcentre", "coordinator", "ministry")
LANGUAGE_CODES = ("de", "en", "fa", "ar", "ps", "ku", "tr", "ru", "uk", "ti", "prs", "kmr")

RULES = {
    "enumeration code (snake_case)": re.compile(r"(?<![\w.@/:#-])[a-z]+_[a-z_]+(?![\w.@/(-])"),
    "dotted audit action": re.compile(r"(?<![\w@/.-])[a-z]+\.[a-z_]+\.[a-z_]+(?![\w@/.-])"),
    "role code": re.compile(r"\brole:[a-z_]+"),
    "Django's empty choice": re.compile(r"-{5,}"),
    "username": re.compile(r"(?<![\w.@-])(" + "|".join(USERNAMES) + r")(?![\w.@-])"),
    "language code": re.compile(
        r"(?:^|[\s(·:,])(" + "|".join(LANGUAGE_CODES) + r")(?=$|[\s),·;])", re.MULTILINE
    ),
    "English": re.compile(r"\b(the|and|with|please|Please|this|these|must|cannot|should|which)\b"),
}


class _Text(HTMLParser):
    """The text a reader sees (and reads aloud): text nodes outside script/style, plus
    the labels in title, aria-label, placeholder and alt attributes."""

    # Not the site's words: code samples (the column names of an import sheet) and what
    # people typed into a text box.
    SKIP = {"script", "style", "template", "code", "textarea"}
    SHOWN = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        for name, value in attrs:
            if name in self.SHOWN and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def offences(html: str, *, allowed=()) -> list[tuple[str, str]]:
    """(rule, the text it caught) for every text part that breaks a rule."""
    found = []
    for part in visible_text(html):
        if any(ok in part for ok in allowed):
            continue
        for rule, pattern in RULES.items():
            match = pattern.search(part)
            if match:
                found.append((rule, part[:160]))
    return found
