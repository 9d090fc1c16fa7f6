"""Alembic migrations of taleforge's database; `Database.migrate()` runs them (no alembic.ini needed)."""
