"""Persistence: SQLAlchemy models, repository functions per aggregate, Alembic migrations.

Storage knows question keys, never question text. Repositories take a session and never commit:
the use case calling them owns the transaction.
"""
