"""Outcomes of a decision: indicators, their measurements, the follow-up's conclusion (issue 17).

Written by hand in the style of the earlier revisions. Three new tables: ``outcome_indicator``
(what the chosen option should change, from a baseline to a target), ``indicator_measurement``
(the actual values, newest found by the index on indicator and day) and ``follow_up_conclusion``
(continue, adjust or stop, once per proposal). A proposal gains ``predecessor_id``: the proposal it
adjusts. Existing rows keep every value; the new column is empty for them. The downgrade drops it all.

Revision ID: d2e3f4a5b6c7
Revises: c1d2e3f4a5b6
Create Date: 2026-12-06 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "d2e3f4a5b6c7"
down_revision: str | Sequence[str] | None = "c1d2e3f4a5b6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(column: str, table: str, name: str) -> sa.ForeignKeyConstraint:
    """A named foreign key to ``table.id`` that refuses to delete a row still referred to."""
    return sa.ForeignKeyConstraint([column], [f"{table}.id"], name=op.f(name), ondelete="RESTRICT")


def upgrade() -> None:
    with op.batch_alter_table("proposal") as batch:
        batch.add_column(sa.Column("predecessor_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_proposal_predecessor_id_proposal"),
            "proposal",
            ["predecessor_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch.create_index(op.f("ix_proposal_predecessor_id"), ["predecessor_id"])
    op.create_table(
        "outcome_indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=False),
        sa.Column("baseline_date", sa.Date(), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=False),
        sa.Column("higher_is_better", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("proposal_id", "proposal", "fk_outcome_indicator_proposal_id_proposal"),
        _fk("option_id", "option", "fk_outcome_indicator_option_id_option"),
        _fk("created_by", "person", "fk_outcome_indicator_created_by_person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_indicator")),
    )
    op.create_index(
        op.f("ix_outcome_indicator_proposal_id_position"), "outcome_indicator", ["proposal_id", "position"]
    )
    op.create_table(
        "indicator_measurement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _fk("indicator_id", "outcome_indicator", "fk_indicator_measurement_indicator_id_outcome_indicator"),
        _fk("recorded_by", "person", "fk_indicator_measurement_recorded_by_person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_measurement")),
    )
    op.create_index(
        op.f("ix_indicator_measurement_indicator_id_measured_on_id"),
        "indicator_measurement",
        ["indicator_id", "measured_on", "id"],
    )
    op.create_table(
        "follow_up_conclusion",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),  # continue / adjust / stop
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("concluded_by", sa.Integer(), nullable=True),
        sa.Column("concluded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("successor_proposal_id", sa.Integer(), nullable=True),
        _fk("proposal_id", "proposal", "fk_follow_up_conclusion_proposal_id_proposal"),
        _fk("concluded_by", "person", "fk_follow_up_conclusion_concluded_by_person"),
        _fk("successor_proposal_id", "proposal", "fk_follow_up_conclusion_successor_proposal_id_proposal"),
        sa.PrimaryKeyConstraint("proposal_id", name=op.f("pk_follow_up_conclusion")),
    )


def downgrade() -> None:
    op.drop_table("follow_up_conclusion")
    op.drop_index(op.f("ix_indicator_measurement_indicator_id_measured_on_id"), "indicator_measurement")
    op.drop_table("indicator_measurement")
    op.drop_index(op.f("ix_outcome_indicator_proposal_id_position"), "outcome_indicator")
    op.drop_table("outcome_indicator")
    with op.batch_alter_table("proposal") as batch:
        batch.drop_index(op.f("ix_proposal_predecessor_id"))
        batch.drop_constraint(op.f("fk_proposal_predecessor_id_proposal"), type_="foreignkey")
        batch.drop_column("predecessor_id")
