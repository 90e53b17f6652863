"""Services: the one API the CLI and the TUI share. They take plain inputs and return plain records."""
