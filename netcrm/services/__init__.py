"""Services: the one API the CLI and the TUI share; plain inputs in, plain records out."""
