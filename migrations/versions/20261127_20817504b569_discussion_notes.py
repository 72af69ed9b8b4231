"""Discussion notes: comments on flagged perspective gaps and citizen/society value divergences.

Generated with ``alembic revision --autogenerate`` from storage/tables.py and tidied by hand as
the first revision was: plain ``sa.String`` for sqlmodel's AutoString, named foreign keys
(RESTRICT, as in storage/tables.py), and the index created directly: a new table needs no batch
mode, which is only for altering existing SQLite tables. Only a new table is added, so existing
rows are untouched; the downgrade drops it (and with it its index).

Revision ID: 20817504b569
Revises: 19f64504075f
Create Date: 2026-11-27 16:16:46.654065
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "20817504b569"
down_revision: str | Sequence[str] | None = "19f64504075f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(columns: list[str], table: str, name: str) -> sa.ForeignKeyConstraint:
    """A named foreign key to ``table.id`` that refuses to delete a row still referred to."""
    return sa.ForeignKeyConstraint(columns, [f"{table}.id"], name=op.f(name), ondelete="RESTRICT")


def upgrade() -> None:
    op.create_table(
        "discussion_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),  # perspective_gap / value_divergence
        sa.Column("option_id", sa.Integer(), nullable=True),
        sa.Column("criterion_key", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk(["author_id"], "person", "fk_discussion_note_author_id_person"),
        _fk(["option_id"], "option", "fk_discussion_note_option_id_option"),
        _fk(["proposal_id"], "proposal", "fk_discussion_note_proposal_id_proposal"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discussion_note")),
    )
    # A proposal's notes in the order they were written.
    op.create_index(op.f("ix_discussion_note_proposal_id_id"), "discussion_note", ["proposal_id", "id"])


def downgrade() -> None:
    op.drop_table("discussion_note")  # its index goes with it
