"""Small files and functions (issue 14, STYLE.md): every module under src/ at most 400
lines, every function at most 60, except declarative data. `make test` runs this before
the tests; it names each file or function over the limit and exits 1.

A function's length runs from its `def` to its last line; a function nested in another
counts on its own and is left out of the outer one's length (a factory of small handlers
is as readable as the handlers). Migrations are generated and exempt.

`EXCEPTIONS` lists what is over the limit for now, each under the work that will fix it; a
line goes when that work is done (and an entry no longer needed is an error too, so the
list stays true).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "inprocedere"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60

# Declarative data: texts and tables, not logic.
DATA = {
    "privacy/consent_forms.py": "the consent forms' texts in four languages",
}

# TEMPORARY: still over the limit; each line names the work that will bring it within (issue 14
# item 4). Remove a line when that work lands (the script says when a line is stale).
EXCEPTIONS = {
    # issue 12 item 2: network figures and cooperation monitor aggregated in the database
    "reporting/monitor.py": "reports",
    "reporting/charts.py:circular_layout": "reports",
    "reporting/charts.py:stacked_bars": "reports",
    "reporting/selectors_monitor.py:monitor_facts": "reports",
    "reporting/monitor.py:follow_through": "reports",
    "reporting/views_network.py:figure_participants": "reports",
}


FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _inner_functions(node):
    """The functions defined in `node`'s body, not looking into them."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, FUNCTIONS):
            yield child
        else:
            yield from _inner_functions(child)


def _functions(tree: ast.AST):
    """(name, line, own length) of every function, nested ones counted on their own."""
    found = []
    pending = list(_inner_functions(tree))
    while pending:
        function = pending.pop()
        inner = list(_inner_functions(function))
        length = function.end_lineno - function.lineno + 1
        length -= sum(f.end_lineno - f.lineno + 1 for f in inner)
        found.append((function.name, function.lineno, length))
        pending.extend(inner)
    return found


def oversized(source: Path = SOURCE) -> dict[str, str]:
    """{key: description} of every file and function over its limit."""
    found = {}
    for path in sorted(source.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        relative = path.relative_to(source).as_posix()
        if relative in DATA:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MAX_FILE_LINES:
            found[relative] = f"{relative}: {lines} lines (at most {MAX_FILE_LINES})"
        for name, line, length in _functions(ast.parse(text)):
            if length > MAX_FUNCTION_LINES:
                found[f"{relative}:{name}"] = (
                    f"{relative}:{line} {name}(): {length} lines (at most {MAX_FUNCTION_LINES})"
                )
    return found


def main() -> int:
    found = oversized()
    over = [text for key, text in found.items() if key not in EXCEPTIONS]
    stale = [key for key in EXCEPTIONS if key not in found]
    for text in over:
        print(f"too long: {text}")
    for key in stale:
        print(f"within the limit now, remove it from EXCEPTIONS in scripts/check_sizes.py: {key}")
    waiting = len(EXCEPTIONS) - len(stale)
    print(f"sizes: {len(over)} over the limit, {waiting} known exceptions, {len(stale)} stale")
    return 1 if over or stale else 0


if __name__ == "__main__":
    sys.exit(main())
