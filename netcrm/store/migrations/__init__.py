"""Alembic migrations for the store.

``KNOWN_REVISIONS`` lists every revision in order; a test checks it against Alembic's own graph,
so opening a store can compare revisions without importing Alembic. ``REVISION_SQL`` reads a
store's revision, through SQLAlchemy or ``sqlite3`` alike.
"""

KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006")
HEAD_REVISION = KNOWN_REVISIONS[-1]
REVISION_SQL = "SELECT version_num FROM alembic_version"
