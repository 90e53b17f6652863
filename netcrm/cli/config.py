"""``netcrm config``: the store's own settings, listed, shown, set and unset."""

from __future__ import annotations

import click

from netcrm.cli.runtime import Runtime, pass_runtime
from netcrm.cli.table import say
from netcrm.services.settings import SettingValue, get_setting, list_settings, set_setting


def _line(setting: SettingValue) -> str:
    if setting.value is not None:
        return f"{setting.name} = {setting.value}  ({setting.description})"
    effective = f"unset, so {setting.effective}" if setting.effective else "unset"
    return f"{setting.name}: {effective}, from {setting.default_from}  ({setting.description})"


@click.command()
@click.argument("name", required=False)
@click.argument("value", required=False)
@click.option("--unset", is_flag=True, help="Remove the setting: its default applies again.")
@pass_runtime
def config(rt: Runtime, name: str | None, value: str | None, unset: bool) -> None:
    """List the settings, show NAME, or set NAME to VALUE (phone-region ID)."""
    if name is None:
        for setting in list_settings(rt.store):
            say(_line(setting))
        return
    if unset and value is not None:
        raise click.UsageError("Give a value or --unset, not both.")
    if value is None and not unset:
        say(_line(get_setting(rt.store, name)))
        return
    say(_line(set_setting(rt.store, name, None if unset else value)))
