"""What a user can set for one store (``netcrm config``), checked and explained.

``phone-region`` is the country whose numbers are written without a country code in this
network (``ID``: ``0812 555 1234`` is ``+62 812 555 1234``). Unset, the locale's country is
used (``LC_ALL``, ``LC_TELEPHONE`` or ``LANG``, as ``id_ID.UTF-8``), and without one only
numbers written with ``+`` and a country code can be compared across notations.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from netcrm.domain.errors import BadInput, NotFound
from netcrm.domain.phones import is_region, region_from_locale
from netcrm.services.stores import Store
from netcrm.store.revision import bump_revision
from netcrm.store.settings import read_settings, write_setting

PHONE_REGION = "phone-region"
_LOCALE_VARIABLES = ("LC_ALL", "LC_TELEPHONE", "LANG")


@dataclass(frozen=True, slots=True)
class SettingValue:
    name: str
    value: str | None  # as set; None when unset
    effective: str | None  # what netcrm uses: the value, else its default
    default_from: str  # where the default comes from, said in words
    description: str


def _region(value: str) -> str:
    code = value.strip().upper()
    if not is_region(code):
        raise BadInput(
            f'"{value.strip()}" is not a country code for phone numbers; give two letters, '
            "as ID, SG, GB or US."
        )
    return code


_CHECKS: dict[str, tuple[Callable[[str], str], str]] = {
    PHONE_REGION: (_region, "country of numbers written without +country code"),
}


def locale_region() -> str | None:
    for variable in _LOCALE_VARIABLES:
        if os.environ.get(variable):
            return region_from_locale(os.environ[variable])
    return None


def phone_region_of(settings: dict[str, str]) -> str | None:
    """The region numbers without a country code belong to, from the store's settings."""
    return settings.get(PHONE_REGION) or locale_region()


def _known(name: str) -> str:
    key = name.strip().lower()
    if key not in _CHECKS:
        raise NotFound(f'No setting called "{name.strip()}"; netcrm knows {", ".join(_CHECKS)}.')
    return key


def _value(name: str, settings: dict[str, str]) -> SettingValue:
    value = settings.get(name)
    locale = locale_region()
    default_from = f"the locale ({locale})" if locale else "none (no country in the locale)"
    effective = value or (locale if name == PHONE_REGION else None)
    return SettingValue(name, value, effective, default_from, _CHECKS[name][1])


def list_settings(store: Store) -> list[SettingValue]:
    with store.connection() as connection:
        settings = read_settings(connection)
    return [_value(name, settings) for name in _CHECKS]


def get_setting(store: Store, name: str) -> SettingValue:
    key = _known(name)
    with store.connection() as connection:
        return _value(key, read_settings(connection))


def set_setting(store: Store, name: str, value: str | None) -> SettingValue:
    """Set (or, with None, unset) one setting; the value is checked first."""
    key = _known(name)
    checked = None if value is None else _CHECKS[key][0](value)
    with store.writing() as session:
        write_setting(session, key, checked)
        bump_revision(session)
        session.commit()
        return _value(key, read_settings(session))
