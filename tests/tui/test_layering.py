"""The layers hold: the TUI talks to the services only, and the CLI never pays for textual."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import netcrm.tui

TUI = Path(netcrm.tui.__file__).parent
FORBIDDEN = ("sqlmodel", "sqlalchemy")


def tui_modules() -> list[Path]:
    return sorted(TUI.rglob("*.py"))


def forbidden_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in FORBIDDEN]
    return found


def test_the_check_sees_every_form_of_import():
    source = "import sqlalchemy\nimport os, sqlmodel.main\nfrom sqlalchemy.orm import Session\n"
    assert forbidden_imports(source) == ["sqlalchemy", "sqlmodel.main", "sqlalchemy.orm"]
    assert forbidden_imports("from netcrm.services import agenda\nimport textual\n") == []


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
    """The review paints without SQLModel, pydantic or the mapped models (a quarter of a second
    to import); the dialogs and the writes load them later."""
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
