"""The layers hold: the TUI talks to the services only, in modules that import each other in
one direction, and the CLI never pays for textual."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import netcrm.tui

TUI = Path(netcrm.tui.__file__).parent
# The database layer, and the store package above it: the TUI reaches both through the services.
FORBIDDEN = ("sqlmodel", "sqlalchemy", "netcrm.store")


def tui_modules() -> list[Path]:
    return sorted(TUI.rglob("*.py"))


def _forbidden(name: str) -> bool:
    return any(name == layer or name.startswith(f"{layer}.") for layer in FORBIDDEN)


def forbidden_imports(source: str) -> list[str]:
    """Every import of the forbidden layers, at the top, in a function or under TYPE_CHECKING."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _forbidden(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _forbidden(node.module):
                found.append(node.module)
            else:
                found += [
                    f"{node.module}.{alias.name}"
                    for alias in node.names
                    if _forbidden(f"{node.module}.{alias.name}")
                ]
    return found


def test_the_check_sees_every_form_of_import():
    source = "import sqlalchemy\nimport os, sqlmodel.main\nfrom sqlalchemy.orm import Session\n"
    assert forbidden_imports(source) == ["sqlalchemy", "sqlmodel.main", "sqlalchemy.orm"]
    hidden = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from netcrm.store.engine import Store\n"
        "def later():\n    from netcrm import store\n"
    )
    assert forbidden_imports(hidden) == ["netcrm.store.engine", "netcrm.store"]
    allowed = "from netcrm.services import agenda\nfrom netcrm.services.stores import Store\n"
    assert forbidden_imports(allowed + "import textual\nimport netcrm.storey\n") == []


@pytest.mark.parametrize("path", tui_modules(), ids=lambda p: str(p.relative_to(TUI)))
def test_no_tui_module_imports_the_database_layer(path: Path):
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []


@pytest.mark.slow
def test_importing_the_cli_does_not_import_textual():
    if importlib.util.find_spec("netcrm.cli") is None:
        pytest.skip("the CLI package is not there yet")
    check = "import netcrm.cli, sys; assert 'textual' not in sys.modules, 'textual was imported'"
    done = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_the_first_screen_starts_without_the_orm():
    """The review paints without SQLModel, pydantic or the mapped models, slow to import; the
    dialogs and the writes load them later."""
    check = (
        "import netcrm.tui.app, sys\n"
        "orm = ('sqlmodel', 'pydantic', 'netcrm.store.models')\n"
        "loaded = [m for m in orm if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
