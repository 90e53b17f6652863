"""The parts screens and dialogs are built of: lists, tables, fields, the tabs of a contact.

Widgets say what happened in messages; the screens decide what to do about it.
"""
