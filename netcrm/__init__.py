"""netcrm: a personal relationship-networking CRM for the terminal."""

__version__ = "0.1.0"
