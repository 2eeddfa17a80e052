"""The romanisation table: every documented example holds, and the rules stay data."""

import pytest

from inprocedere.duplicates.romanisation import (
    RULES,
    keyed_parts,
    normal_parts,
    phonetic,
    rules_table,
)

EXAMPLES = [(rule.pattern, a, b) for rule in RULES for a, b in rule.examples]


@pytest.mark.parametrize(("pattern", "one", "other"), EXAMPLES)
def test_every_example_of_the_table_is_one_normal_form(pattern, one, other):
    assert normal_parts(one) == normal_parts(other), pattern


def test_every_rule_is_documented_with_examples():
    for rule in RULES:
        assert rule.purpose and rule.examples, rule.pattern
    assert len(rules_table()) == len(RULES)


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Al-Hassan", ["hasan"]),  # the article goes
        ("El Sayed", ["said"]),
        ("Abd al-Rahman", ["abdalrahman"]),  # 'Abd' joins the name it belongs to
        ("Abdul Rahman", ["abdalrahman"]),
        ("Abdi Hassan", ["abdi", "hasan"]),  # Abdi is a name, not a prefix
        ("MHD", ["muhamad"]),  # the abbreviation
        ("Müller-Lüdenscheidt", ["mular", "ludanshaidt"]),
        ("Straße", ["strasa"]),
    ],
)
def test_normal_parts(name, parts):
    assert normal_parts(name) == parts


def test_particles_are_no_keys():
    assert keyed_parts("Omar bin Laden") == ["umar", "ladan"]
    assert keyed_parts("Ursula von der Leyen") == ["ursula", "lain"]


@pytest.mark.parametrize(
    "names",
    [
        ("Mohammed", "Muhammad", "Mohamad", "Mohamed", "Mouhamed", "MHD"),
        ("Hussein", "Husain", "Hussain", "Husein"),
        ("Abdelrahman", "Abd al-Rahman", "Abdul Rahman", "Abdurrahman", "Abdirahman"),
        ("Yusuf", "Youssef", "Jusuf", "Yousef"),
        ("Müller", "Mueller", "Muller", "MÜLLER"),
        ("Tesfay", "Tesfai", "Tesfaye"),
        ("Gebremedhin", "Ghebremedhin"),
    ],
)
def test_variants_share_the_koelner_phonetik_code(names):
    codes = {"".join(phonetic(part) for part in normal_parts(name)) for name in names}
    assert len(codes) == 1, codes


@pytest.mark.parametrize(
    ("one", "other"), [("Peter", "Petra"), ("Ali", "Omar"), ("Hassan", "Hussein")]
)
def test_different_names_stay_different(one, other):
    assert normal_parts(one) != normal_parts(other)


def test_docs_print_every_rule():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "duplicates.md").read_text()
    for rule in RULES:
        assert f"`{rule.pattern.replace('|', chr(92) + '|')}`" in docs, rule.pattern
