"""Where the fixture exports live, and how a platform packs one into a .zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def zip_folder(folder: Path, *, junk: bool = True) -> bytes:
    """The folder as the platform's .zip holds it, plus the debris macOS adds to archives."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = path.relative_to(folder).as_posix()
                archive.write(path, name)
                if junk:
                    archive.writestr(f"__MACOSX/{Path(name).parent}/._{path.name}", b"\0\5\26\7")
    return buffer.getvalue()
