"""Readiness answers, citizen evidence and the raters' private score drafts.

Three new tables, written by hand in the style of the first revisions (plain ``sa.String``,
named RESTRICT foreign keys as in storage/tables.py, no batch mode since no existing table is
altered):

* ``readiness_answer``: the readiness checklist (proposal-scope criteria), one row per
  proposal × criterion;
* ``citizen_evidence``: what the experienced core task rests on (survey, interviews, user board,
  complaints, observation, or nothing), per proposal;
* ``score_draft``: a rater's unsubmitted answers, one per rater × round × cell.

Existing rows are untouched; the downgrade drops the three tables (and their indexes).

Revision ID: 8a1d2c3e4f50
Revises: 7c2e4f9a1b35
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "8a1d2c3e4f50"
down_revision: str | Sequence[str] | None = "7c2e4f9a1b35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(column: str, table: str, name: str) -> sa.ForeignKeyConstraint:
    """A named foreign key to ``table.id`` that refuses to delete a row still referred to."""
    return sa.ForeignKeyConstraint([column], [f"{table}.id"], name=op.f(name), ondelete="RESTRICT")


def upgrade() -> None:
    op.create_table(
        "score_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.Column("criterion_key", sa.String(length=64), nullable=False),
        sa.Column("facet", sa.String(length=64), server_default="", nullable=False),
        sa.Column("rater_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.SmallInteger(), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=True),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _fk("option_id", "option", "fk_score_draft_option_id_option"),
        _fk("proposal_id", "proposal", "fk_score_draft_proposal_id_proposal"),
        _fk("rater_id", "person", "fk_score_draft_rater_id_person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_draft")),
        sa.UniqueConstraint(
            "proposal_id",
            "rater_id",
            "round",
            "option_id",
            "criterion_key",
            "facet",
            name="uq_score_draft_cell",
        ),
    )
    op.create_table(
        "readiness_answer",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("criterion_key", sa.String(length=64), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=True),  # NULL: don't know
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        _fk("answered_by", "person", "fk_readiness_answer_answered_by_person"),
        _fk("proposal_id", "proposal", "fk_readiness_answer_proposal_id_proposal"),
        sa.PrimaryKeyConstraint("proposal_id", "criterion_key", name=op.f("pk_readiness_answer")),
    )
    op.create_table(
        "citizen_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("collected_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _fk("proposal_id", "proposal", "fk_citizen_evidence_proposal_id_proposal"),
        _fk("recorded_by", "person", "fk_citizen_evidence_recorded_by_person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_evidence")),
    )
    # A proposal's evidence in the order it was recorded.
    op.create_index(op.f("ix_citizen_evidence_proposal_id_id"), "citizen_evidence", ["proposal_id", "id"])


def downgrade() -> None:
    op.drop_table("citizen_evidence")  # its index goes with it
    op.drop_table("readiness_answer")
    op.drop_table("score_draft")
