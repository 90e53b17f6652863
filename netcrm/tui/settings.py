"""The app's own small settings file: the chosen theme and an optional keymap.

It lives in ``platformdirs.user_config_dir("netcrm")``, or in ``NETCRM_CONFIG_DIR`` when set
(tests point it at a temporary folder so the user's own choice is never read or changed).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_DIR_ENV = "NETCRM_CONFIG_DIR"
SETTINGS_FILE = "tui.json"


def config_dir() -> Path:
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("netcrm"))


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


@dataclass
class Settings:
    theme: str | None = None
    # Binding id → key, e.g. {"log": "ctrl+l"}: the same ids shown in the help screen.
    keymap: dict[str, str] = field(default_factory=dict)


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings; a missing or damaged file gives the defaults, never an error."""
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    theme = raw.get("theme")
    keymap = raw.get("keymap")
    return Settings(
        theme=theme if isinstance(theme, str) else None,
        keymap={str(k): str(v) for k, v in keymap.items() if isinstance(v, str)}
        if isinstance(keymap, dict)
        else {},
    )


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write the settings atomically; False when the folder cannot be written."""
    path = path or settings_path()
    data: dict[str, object] = {"theme": settings.theme}
    if settings.keymap:
        data["keymap"] = settings.keymap
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        temporary.replace(path)
    except OSError:
        return False
    return True
