"""Alembic environment: runs on the connection that `storage.migrate` hands over."""

from alembic import context

from storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `studybot migrate`, which supplies the connection")

# Batch mode lets later migrations alter SQLite tables (SQLite has almost no ALTER TABLE).
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
