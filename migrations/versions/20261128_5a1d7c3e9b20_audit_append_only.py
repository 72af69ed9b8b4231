"""Audit events become append-only in the database, and can be read by who acted and when.

The application never updates or deletes an audit row, but an audit trail is only worth
something if nobody else can either, so the database refuses it:

* SQLite: ``BEFORE UPDATE`` and ``BEFORE DELETE`` triggers that abort the statement. SQLite has
  no users, so whoever can write the file could drop the triggers; they stop mistakes and
  careless scripts, not an administrator of the server.
* PostgreSQL: a trigger function that raises on ``UPDATE``, ``DELETE`` and ``TRUNCATE``; it holds
  for every role, the table's owner and superusers included (they must drop the trigger first,
  which is itself a visible schema change). On top of that ``UPDATE``, ``DELETE`` and
  ``TRUNCATE`` are revoked from ``PUBLIC`` and, where it exists, from the application's role
  ``kernekompas_app`` (docs: run the app as a role that does not own the tables).

Beware: a later migration that rebuilds ``audit_event`` in SQLite batch mode drops its triggers
with the old table; it must create them again (``_create_sqlite_triggers``).

Two indexes serve the audit screen: by actor and by time, both newest first by id.
The downgrade removes triggers, function and indexes; revoked privileges are not granted back,
since the migration cannot know who held them before.

Revision ID: 5a1d7c3e9b20
Revises: 20817504b569
Create Date: 2026-11-28 10:00:00
"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5a1d7c3e9b20"
down_revision: str | Sequence[str] | None = "20817504b569"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "audit_event"
MESSAGE = "audit events are append-only"
APP_ROLE = "kernekompas_app"


def _create_sqlite_triggers() -> None:
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_{event.lower()} BEFORE {event} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def _create_postgresql_guard() -> None:
    op.execute(
        f"""
        CREATE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """
    )
    op.execute(
        f"CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()"
    )
    op.execute(
        f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()"
    )
    op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM PUBLIC")
    # The role may not exist (development, tests): revoke only where there is one.
    op.execute(
        f"""
        DO $$
        BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM {APP_ROLE}';
            END IF;
        END
        $$
        """
    )


def upgrade() -> None:
    op.create_index(op.f("ix_audit_event_actor_id_id"), TABLE, ["actor_id", "id"])
    op.create_index(op.f("ix_audit_event_at_id"), TABLE, ["at", "id"])
    dialect = op.get_context().dialect.name  # works in offline (--sql) mode too
    if dialect == "sqlite":
        _create_sqlite_triggers()
    elif dialect == "postgresql":
        _create_postgresql_guard()
    else:  # pragma: no cover - the app supports these two
        raise NotImplementedError(f"no append-only guard for {dialect}")


def downgrade() -> None:
    dialect = op.get_context().dialect.name  # works in offline (--sql) mode too
    if dialect == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update")
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete")
    elif dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE}")
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}")
        op.execute(f"DROP FUNCTION IF EXISTS {TABLE}_append_only()")
    op.drop_index(op.f("ix_audit_event_at_id"), table_name=TABLE)
    op.drop_index(op.f("ix_audit_event_actor_id_id"), table_name=TABLE)
