"""The store: SQLModel tables, the engine, and Alembic migrations. Only services import it."""
