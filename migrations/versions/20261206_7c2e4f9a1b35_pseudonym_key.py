"""Proposals get a random pseudonym key, which orders the letters "Deltager A, B, …".

Letters that followed person ids let anyone who knows the panel map them to names. Every
existing proposal gets its own random key here, so its letters change once; that is the point.
Adding a column needs no batch mode on SQLite (``ALTER TABLE … ADD COLUMN`` with a default).
The downgrade drops the column, and letters follow person ids again.

Revision ID: 7c2e4f9a1b35
Revises: 5a1d7c3e9b20
Create Date: 2026-12-06 04:30:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "7c2e4f9a1b35"
down_revision: str | Sequence[str] | None = "5a1d7c3e9b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "proposal", sa.Column("pseudonym_key", sa.String(length=64), nullable=False, server_default="")
    )
    proposal = sa.table("proposal", sa.column("id", sa.Integer), sa.column("pseudonym_key", sa.String))
    connection = op.get_bind()
    for (proposal_id,) in connection.execute(sa.select(proposal.c.id)).all():
        connection.execute(
            proposal.update().where(proposal.c.id == proposal_id).values(pseudonym_key=secrets.token_hex(16))
        )


def downgrade() -> None:
    with op.batch_alter_table("proposal") as batch:
        batch.drop_column("pseudonym_key")
