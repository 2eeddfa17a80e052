"""The German catalogue is complete, keeps every placeholder and tag, and is what Django uses."""

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.utils import translation

import inprocedere

LOCALE_DIR = Path(inprocedere.__file__).parent / "locale"
GERMAN_PO = LOCALE_DIR / "de" / "LC_MESSAGES" / "django.po"

# printf style as Python's % operator reads it (%s, %(name)s, %5.2f, %%) and str.format's {name}
PRINTF = re.compile(r"%(?:\((\w+)\))?[#0 +-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]")
BRACES = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
TAG = re.compile(r"</?([a-zA-Z][\w-]*)[^>]*>")


def load_catalogue():
    with GERMAN_PO.open("rb") as file:
        return read_po(file, locale="de")


def entries():
    """(msgid, msgstr) pairs to compare; a plural entry gives one pair per German form."""
    for message in load_catalogue():
        if not message.id:
            continue  # the header
        if message.pluralizable:
            singular, plural = message.id
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            # German has two forms: [0] for one, [1] for the rest
            for index, string in enumerate(strings):
                yield message, (singular if index == 0 else plural), string
        else:
            yield message, message.id, message.string


def label(message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context} | {msgid}" if message.context else msgid


def printf_placeholders(text: str) -> Counter:
    return Counter(match.group(0) for match in PRINTF.finditer(text) if match.group(0) != "%%")


def brace_placeholders(text: str) -> Counter:
    return Counter(match.group(0) for match in BRACES.finditer(text))


def positional(text: str) -> list[str]:
    """'%s', '%d' and the like: they fill in by position, not by name."""
    return [m.group(0) for m in PRINTF.finditer(text) if m.group(1) is None and m.group(0) != "%%"]


def tags(text: str) -> Counter:
    return Counter(match.group(0) for match in TAG.finditer(text))


def test_the_catalogue_is_valid_and_not_marked_fuzzy():
    catalogue = load_catalogue()
    assert catalogue.locale is not None and str(catalogue.locale) == "de"
    assert not catalogue.fuzzy, "the header of the German catalogue is still marked fuzzy"
    assert catalogue.plural_forms == "nplurals=2; plural=(n != 1);"
    assert len(catalogue) > 100


def test_every_entry_is_translated_and_none_is_fuzzy():
    untranslated = [label(m) for m, _msgid, msgstr in entries() if not msgstr.strip()]
    fuzzy = sorted({label(m) for m, _msgid, _msgstr in entries() if m.fuzzy})
    assert not untranslated, f"untranslated in {GERMAN_PO.name}: {untranslated}"
    assert not fuzzy, f"still fuzzy in {GERMAN_PO.name}: {fuzzy}"


def test_placeholders_and_tags_are_kept():
    problems = []
    for message, msgid, msgstr in entries():
        if not msgstr:
            continue
        checks = {
            "brace placeholders": (brace_placeholders(msgid), brace_placeholders(msgstr)),
            "HTML tags": (tags(msgid), tags(msgstr)),
        }
        if "python-format" in message.flags:  # without the flag, '%' is just a character
            checks["printf placeholders"] = (
                printf_placeholders(msgid),
                printf_placeholders(msgstr),
            )
        for what, (expected, found) in checks.items():
            if expected != found:
                problems.append(f"{label(message)!r}: {what} {dict(expected)} became {dict(found)}")
    assert not problems, "\n".join(problems)


def test_positional_placeholders_keep_their_order():
    """'%s' and '%d' fill in by position, so a translation may not reorder them."""
    problems = []
    for message, msgid, msgstr in entries():
        if "python-format" not in message.flags:
            continue
        if positional(msgid) != positional(msgstr):
            problems.append(label(message))
    assert not problems, problems


@pytest.fixture
def compiled_german(tmp_path, settings):
    """The German catalogue compiled from the .po into a temporary locale folder, in use."""
    target = tmp_path / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "django.mo").open("wb") as file:
        write_mo(file, load_catalogue())
    settings.LOCALE_PATHS = [tmp_path]  # also resets Django's translation caches


@pytest.mark.usefixtures("compiled_german")
def test_django_uses_the_german_catalogue():
    with translation.override("de"):
        assert translation.gettext("Sign in") == "Anmelden"
        assert translation.gettext("Vacant") == "Unbesetzt"
        file_name = translation.pgettext("file name, lower case without spaces", "phone-list")
        assert file_name == "telefonliste"
        assert translation.gettext("As of %(date)s") % {"date": "24.11.2026"} == "Stand: 24.11.2026"
        assert (
            translation.ngettext("%(counter)s position found.", "%(counter)s positions found.", 2)
            % {"counter": 2}
            == "2 Stellen gefunden."
        )
    with translation.override("en"):
        assert translation.gettext("Sign in") == "Sign in"


def test_the_built_catalogue_is_in_use_when_it_exists():
    """`make messages` builds django.mo next to the .po; when it is there, Django reads it."""
    if not (GERMAN_PO.parent / "django.mo").exists():
        pytest.skip("django.mo is not built (make messages builds it)")
    with translation.override("de"):
        assert translation.gettext("Sign in") == "Anmelden"
