"""What is due, and the weekly review built on it.

``items``: what is due in a window (open follow-ups, slipped keep-in-touch cadences,
birthdays), read by ``netcrm due`` without the ORM, and through ``sqlite3`` alone on a SQLite
store at head. ``review``: the weekly review, that list plus people to reconnect with.
``follow_ups``: marking a follow-up done, snoozing it, and undoing either.
"""
