"""The structure of docs/architecture.md holds: layers, no import cycle, types, lint.

The layer contracts live in pyproject (``[tool.importlinter]``) and run here, so a change that
breaks them fails the suite. The cycle check reads every import statement of the package,
including those inside functions and under ``TYPE_CHECKING``: a lazy import is still a
dependency, and a cycle through it is still a knot for the next reader.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import netcrm

PACKAGE = Path(netcrm.__file__).parent
ROOT = PACKAGE.parent
BIN = Path(sys.executable).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(source: str, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The package's own modules that ``source`` imports, wherever the import statement is.

    ``from netcrm.cli import render`` imports the package ``netcrm.cli`` (its ``__init__`` runs)
    and the module ``netcrm.cli.render``; both count. So does a module named in a string
    (``"netcrm.cli.db"``, ``"netcrm.cli.db:db"``): that is how registries load modules lazily.
    """
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value.partition(":")[0])
    return {name for name in found if name in known and name != module}


def import_graph() -> dict[str, set[str]]:
    modules = package_modules()
    known = set(modules)
    return {
        name: imported_modules(
            path.read_text(encoding="utf-8"), name, path.name == "__init__.py", known
        )
        for name, path in modules.items()
    }


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_the_cycle_check_finds_cycles_through_lazy_imports_and_packages():
    known = {"p", "p.a", "p.b", "p.c"}
    lazy = "def f():\n    from p.b import x\n"
    assert imported_modules(lazy, "p.a", False, known) == {"p.b"}
    assert imported_modules("from p import c\n", "p.a", False, known) == {"p", "p.c"}
    assert imported_modules("from . import c\n", "p.a", False, known) == {"p", "p.c"}
    assert imported_modules("from .a import x\n", "p", True, known) == {"p.a"}
    by_name = 'LAZY = {"b": "p.b:command", "c": "p.c", "text": "p.a is a module"}\n'
    assert imported_modules(by_name, "p.a", False, known) == {"p.b", "p.c"}
    graph = {"p": {"p.a"}, "p.a": {"p.b"}, "p.b": {"p"}, "p.c": {"p.a"}}
    assert cycles(graph) == [["p", "p.a", "p.b"]]
    assert cycles({"p.a": {"p.b"}, "p.b": set()}) == []


def test_the_package_has_no_import_cycle():
    assert cycles(import_graph()) == []


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def run_tool(*command: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.mark.slow
def test_the_layer_contracts_hold():
    done = run_tool(tool("lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


@pytest.mark.slow
def test_the_package_type_checks():
    done = run_tool(tool("mypy"), "--no-incremental", "--no-error-summary")
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


@pytest.mark.slow
def test_the_code_is_lint_clean_and_formatted():
    ruff = tool("ruff")
    checked = run_tool(ruff, "check", "--no-cache", "netcrm", "tests")
    assert checked.returncode == 0, checked.stdout[-4000:]
    formatted = run_tool(ruff, "format", "--check", "--no-cache", "netcrm", "tests")
    assert formatted.returncode == 0, formatted.stdout[-4000:]
