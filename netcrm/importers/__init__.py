"""Importers: each platform's export turned into neutral ``ImportedPerson`` records.

Importers only read files; they never touch the store. ``read_people`` imports the format's
module on first use, so importing this package stays cheap. netcrm's own backup is a format
of its own, read by :mod:`netcrm.importers.backup_json` and restored by the restore service.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from netcrm.domain.errors import BadInput
from netcrm.importers.records import ImportedHandle, ImportedPerson, ImportFormatError

__all__ = ["FORMATS", "ImportFormatError", "ImportedHandle", "ImportedPerson", "read_people"]

#: Format name → what to give it.
FORMATS: dict[str, str] = {
    "instagram": "Instagram 'Download your information' (JSON): the .zip, its folder, "
    "followers_*.json or following.json",
    "linkedin": "LinkedIn data export: Connections.csv, or the export's .zip",
    "x": "X (Twitter) archive: the .zip, its folder, data/follower.js or data/following.js",
    "facebook": "Facebook 'Download your information' (JSON): your_friends.json, or the .zip",
    "google": "Google Contacts export: Google CSV or Outlook CSV",
    "vcard": "vCard file (.vcf) with one or many cards, versions 2.1, 3.0 and 4.0",
    "csv": "any CSV with a header row (name, email, phone, company, handles, tags...)",
}
_MODULES = {
    "instagram": "instagram",
    "linkedin": "linkedin",
    "x": "x",
    "facebook": "facebook",
    "google": "google",
    "vcard": "vcard",
    "csv": "csv_generic",
}


def read_people(fmt: str, path: Path) -> list[ImportedPerson]:
    """The people in ``path``, read as format ``fmt``; ``BadInput`` if it cannot be read."""
    module_name = _MODULES.get(fmt.strip().lower())
    if module_name is None:
        known = ", ".join(FORMATS)
        raise BadInput(
            f'Unknown import format "{fmt}": use one of {known}, or json (a netcrm backup).'
        )
    module = importlib.import_module(f"netcrm.importers.{module_name}")
    from netcrm.importers.reading import gc_paused

    with gc_paused():
        return module.read_people(Path(path))
