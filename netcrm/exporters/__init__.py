"""Exports: the whole store as a JSON backup, or the people and the agenda as CSV, vCard, ics.

Each format's module is imported only when that format is asked for.
"""

from __future__ import annotations

from netcrm.domain.errors import BadInput
from netcrm.services.clock import Clock
from netcrm.store.engine import Store

EXPORT_FORMATS: dict[str, str] = {
    "json": "a full backup of everything, restorable with `netcrm import json`",
    "csv": "one row per contact with stage, score, last talked, next due and strengths",
    "vcard": "vCard 4.0 address book (.vcf) with tags, strengths and social profiles",
    "ics": "calendar (.ics) of follow-ups, keep-in-touch dues and birthdays, as all-day events",
}


def render_export(fmt: str, store: Store, clock: Clock) -> str:
    """The export in format ``fmt`` as text; :class:`BadInput` names the formats if unknown."""
    name = (fmt or "").strip().lower()
    if name == "json":
        from netcrm.exporters.backup_json import render_backup

        return render_backup(store)
    if name == "csv":
        from netcrm.exporters.csv_export import render_csv

        return render_csv(store, clock)
    if name == "vcard":
        from netcrm.exporters.vcard import render_vcard

        return render_vcard(store, clock)
    if name == "ics":
        from netcrm.exporters.ics import render_ics

        return render_ics(store, clock)
    raise BadInput(f'Unknown export format "{fmt}": use one of {", ".join(EXPORT_FORMATS)}.')
