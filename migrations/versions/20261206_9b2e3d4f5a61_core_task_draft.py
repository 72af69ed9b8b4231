"""Drafts of a unit's next core task, opened by proposals that change the core task itself.

One new table, written by hand in the style of the first revisions (plain ``sa.String``, named
RESTRICT foreign keys as in storage/tables.py, no batch mode since no existing table is altered).
A partial unique index allows at most one *open* draft per proposal; adopted and discarded drafts
stay, so no text is lost. Existing proposals of the type "change of the core task itself" get no
draft here: the first save of such a proposal opens one (``assessment.core_task_drafts``), and its
screen offers to open one. The downgrade drops the table (and its indexes).

Revision ID: 9b2e3d4f5a61
Revises: 8a1d2c3e4f50
Create Date: 2026-12-06 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "9b2e3d4f5a61"
down_revision: str | Sequence[str] | None = "8a1d2c3e4f50"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status = 'open'")


def _fk(column: str, table: str, name: str) -> sa.ForeignKeyConstraint:
    """A named foreign key to ``table.id`` that refuses to delete a row still referred to."""
    return sa.ForeignKeyConstraint([column], [f"{table}.id"], name=op.f(name), ondelete="RESTRICT")


def upgrade() -> None:
    op.create_table(
        "core_task_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("based_on_version", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("formal", sa.Text(), nullable=False),
        sa.Column("performed", sa.Text(), nullable=False),
        sa.Column("experienced", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),  # open / adopted / discarded
        sa.Column("adopted_version", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("unit_id", "unit", "fk_core_task_draft_unit_id_unit"),
        _fk("proposal_id", "proposal", "fk_core_task_draft_proposal_id_proposal"),
        _fk("created_by", "person", "fk_core_task_draft_created_by_person"),
        _fk("updated_by", "person", "fk_core_task_draft_updated_by_person"),
        _fk("closed_by", "person", "fk_core_task_draft_closed_by_person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_task_draft")),
    )
    op.create_index(
        "uq_core_task_draft_open",
        "core_task_draft",
        ["proposal_id"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
    # The Kerneopgaver screen: a unit's open drafts.
    op.create_index(op.f("ix_core_task_draft_unit_id_status"), "core_task_draft", ["unit_id", "status"])


def downgrade() -> None:
    op.drop_table("core_task_draft")  # its indexes go with it
