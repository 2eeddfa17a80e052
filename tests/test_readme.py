"""The README tells the truth: every command, option, make target and setting it names exists.

A newcomer types what the README says; a renamed option or a setting nobody reads any more
would send them astray without a single test failing. These tests read the README itself.
"""

import argparse
import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SOURCES = "\n".join(
    path.read_text(encoding="utf-8")
    for folder in ("src", "scripts")
    for path in sorted((ROOT / folder).rglob("*"))
    if path.suffix in {".py", ".sh"}
)
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")

# Commands the README names that are not ours but Django's or a library's.
NOT_OURS = {"createsuperuser", "check", "migrate", "collectstatic", "run_huey"}


def _table_rows(heading: str) -> list[str]:
    """The first cells of the table under `heading` (a `## …` or `### …` title)."""
    section = README.split(heading, 1)[1]
    section = re.split(r"\n#{2,3} ", section, maxsplit=1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [row.split(" | ")[0] for row in rows[2:]]  # header and rule left out


def _snippets(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell.replace("\\|", "|"))


def _command_uses() -> list[tuple[str, str]]:
    """(command, the snippet naming it) for every command in the commands table and code blocks."""
    uses = []
    for cell in _table_rows("## The `inprocedere` command"):
        for snippet in _snippets(cell):
            words = snippet.removeprefix("inprocedere ").split()
            if words and words[0] != "…":
                uses.append((words[0].rstrip(","), snippet))
    for line in re.findall(r"(?:^|\s)(?:\.venv/bin/)?inprocedere ([a-z][\w-]*[^`\n&]*)", README):
        uses.append((line.split()[0], line))
    return uses


def _options(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string of the parser and of its subcommands' parsers."""
    found = set()
    for action in parser._actions:
        found.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _options(sub)
    return found


def _subcommands(parser: argparse.ArgumentParser) -> set[str]:
    return {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


@pytest.mark.parametrize("command,snippet", _command_uses(), ids=lambda value: value[:40])
def test_every_command_and_option_the_readme_names_exists(command, snippet):
    commands = get_commands()
    assert command in commands, f"README names `inprocedere {command}`, which does not exist"
    if command in NOT_OURS:
        return
    parser = load_command_class(commands[command], command).create_parser("inprocedere", command)
    subcommands = _subcommands(parser)
    words = snippet.removeprefix("inprocedere ").split()
    if subcommands and len(words) > 1 and not words[1].startswith(("-", "[")):
        for name in words[1].split("|"):
            assert name in subcommands, f"`inprocedere {command} {name}` does not exist"
    options = _options(parser)
    for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", snippet):
        assert option in options, f"`inprocedere {command}` has no option {option}"


def _settings() -> list[str]:
    names = set(re.findall(r"\bINPROCEDERE_[A-Z][A-Z0-9_]*[A-Z0-9]\b", README))
    for cell in _table_rows("## Configuration"):
        names.update(s for s in _snippets(cell) if re.fullmatch(r"[A-Z][A-Z0-9_]+", s))
    return sorted(names)


@pytest.mark.parametrize("name", _settings())
def test_every_setting_the_readme_names_is_read(name):
    assert re.search(rf"[\"']{name}[\"']|\$\{{?{name}\b", SOURCES), (
        f"README names the setting {name}, which no code reads"
    )


@pytest.mark.parametrize("target", sorted(set(re.findall(r"`make ([a-z][\w-]*)", README))))
def test_every_make_target_the_readme_names_exists(target):
    assert re.search(rf"^{re.escape(target)}:", MAKEFILE, re.MULTILINE), f"no `make {target}`"


def test_the_readme_names_the_commands_at_all():
    # Guards the parsing above: an edited heading must not turn these tests into no-ops.
    assert len(_command_uses()) >= 10
    assert len(_settings()) >= 20
