"""Storage: SQLModel tables, the engine for SQLite or PostgreSQL, and the SQL repository.

Nothing outside this package knows which database is in use.
"""
