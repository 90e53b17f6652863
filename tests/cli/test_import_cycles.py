"""No module of the CLI is in an import cycle: lazy imports and the package itself count."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

import netcrm.cli
from netcrm.cli.group import COMMANDS_ELSEWHERE

CLI = "netcrm.cli"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """netcrm's import graph, function-level imports included, and two kinds grimp cannot see:
    the modules the group imports by name, and ``from netcrm.cli import x``, which runs the
    package's own ``__init__`` (grimp records only ``netcrm.cli.x``)."""
    built = grimp.build_graph("netcrm", cache_dir=None)
    for target in COMMANDS_ELSEWHERE.values():
        built.add_import(importer=f"{CLI}.group", imported=target.partition(":")[0])
    for path in Path(netcrm.cli.__file__).parent.glob("*.py"):
        module = CLI if path.stem == "__init__" else f"{CLI}.{path.stem}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if (isinstance(node, ast.ImportFrom) and node.module == CLI) or CLI in names:
                built.add_import(importer=module, imported=CLI)
    return built


def cycles(graph: grimp.ImportGraph) -> dict[str, tuple[str, ...]]:
    """For each module of the CLI in a cycle, one cycle through it."""
    found = {}
    for module in sorted(m for m in graph.modules if m == CLI or m.startswith(f"{CLI}.")):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain:
                found[module] = (module, *chain)
                break
    return found


def test_no_module_of_the_cli_is_in_an_import_cycle(graph: grimp.ImportGraph) -> None:
    assert cycles(graph) == {}


def test_the_check_sees_a_cycle_through_the_package(graph: grimp.ImportGraph) -> None:
    graph.add_import(importer=f"{CLI}.render", imported=CLI)  # as `from netcrm.cli import x`
    try:
        assert set(cycles(graph)) >= {CLI, f"{CLI}.commands", f"{CLI}.render"}
    finally:
        graph.remove_import(importer=f"{CLI}.render", imported=CLI)
    assert cycles(graph) == {}
