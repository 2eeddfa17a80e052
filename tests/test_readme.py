"""The README tells the truth: every command, option, make target and setting it names exists.

A newcomer types what the README says; a renamed option or a setting nobody reads any more
would send them astray without a single test failing. These tests read the README itself.
"""

import argparse
import ast
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
    for line in re.findall(r"(?:^|[\s`])(?:\.venv/bin/)?inprocedere ([a-z][\w-]*[^`\n&]*)", README):
        uses.append((line.split()[0], line.replace("\\|", "|")))
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


def _names(cell: str) -> list[str]:
    """The settings a first cell names; `A_B_C` / `_D_E` is shorthand for A_B_C and A_D_E."""
    names = []
    for snippet in _snippets(cell):
        if re.fullmatch(r"[A-Z][A-Z0-9_]+", snippet):
            names.append(snippet)
        elif re.fullmatch(r"_[A-Z][A-Z0-9_]+", snippet) and names:
            kept = names[-1].split("_")[: -(snippet.count("_"))]
            names.append("_".join(kept) + snippet)
    return names


def _settings() -> list[str]:
    names = set(re.findall(r"\bINPROCEDERE_[A-Z][A-Z0-9_]*[A-Z0-9]\b", README))
    for cell in _table_rows("## Configuration"):
        names.update(_names(cell))
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
    assert len(_paths()) >= 15


def _documented_defaults() -> list[tuple[str, str]]:
    """(setting, the default the configuration table gives) where that is one plain value."""
    found = []
    section = README.split("## Configuration", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| ")][2:]
    for row in rows:
        cells = row.split(" | ")
        names = _names(cells[0])
        defaults = cells[1].split(" / ") if len(names) > 1 else [cells[1]]
        for name, default in zip(names, defaults, strict=False):
            default = default.strip().strip("`")
            if re.fullmatch(r"\d+|\d+[A-Z]+|[a-z][\w-]*|\d+(,\d+)+|\d+-\d+|\d+\.\d+", default):
                found.append((name, default))
    return found


def _value(expression: str):
    """A default as the code writes it: a literal, a product of literals (`10 * 60`,
    `50 * MB`) or a module constant."""
    words = {"MB": 1024 * 1024}
    tree = ast.parse(expression.strip(), mode="eval").body
    if isinstance(tree, ast.Name):
        constant = re.search(rf"^{tree.id} = (.+?)(?:\s+#.*)?$", SOURCES, re.MULTILINE)
        return words.get(tree.id) if constant is None else _value(constant.group(1))
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Mult):
        return _value(ast.unparse(tree.left)) * _value(ast.unparse(tree.right))
    return ast.literal_eval(tree)


def _code_default(name: str):
    """The default the code falls back to when the variable is not set, or None."""
    read = re.search(
        rf"(?:envint|envlist|env|_setting|getattr\(settings,)\(?\s*[\"']{name}[\"'],\s*([^)\n]+)\)",
        SOURCES,
    )
    if read is None or _value(read.group(1)) is None:
        read = re.search(rf"os\.environ\.get\([\"']{name}[\"'], [^)]*\) or (\w+)", SOURCES)
    return None if read is None else _value(read.group(1))


@pytest.mark.parametrize("name,documented", _documented_defaults(), ids=lambda v: str(v)[:40])
def test_every_default_the_readme_gives_is_the_codes(name, documented):
    """`| INPROCEDERE_X | 14 |` must be what the code uses when INPROCEDERE_X is unset."""
    actual = _code_default(name)
    if actual is None:
        pytest.skip(f"{name}: default not written as a plain literal in the code")
    if isinstance(actual, str):
        assert actual == documented, f"README: {name} defaults to {documented}, code: {actual}"
    else:
        assert float(documented) == actual, (
            f"README: {name} defaults to {documented}, code: {actual}"
        )


def test_the_defaults_are_checked_at_all():
    checked = [name for name, _default in _documented_defaults() if _code_default(name) is not None]
    assert len(checked) >= 20, checked


def _paths() -> list[str]:
    """Files and folders of the repository the README links to or names in backticks."""
    linked = re.findall(r"\]\(([^)#:]+)\)", README)
    named = re.findall(r"`((?:\.ci|docs|tests|scripts|bench|src)/[^`\s]*)`", README)
    return sorted({path.rstrip("/") for path in linked + named if "…" not in path})


@pytest.mark.parametrize("path", _paths())
def test_every_file_the_readme_names_exists(path):
    assert (ROOT / path).exists(), f"README names {path}, which does not exist"
