"""The parts screens and dialogs are built of: lists, tables, fields, the tabs of a contact.

Widgets show what they are given and say what happened in messages; screens decide.
"""
