"""MED committees as organisation data; a proposal's plan, MED steps and consultations; richer decisions.

Written by hand in the style of the earlier revisions (plain ``sa.String``, named RESTRICT foreign
keys as in storage/tables.py). Units can now be closed or merged (``closed_at``,
``merged_into_id``); MED committees and their members are their own tables, and a proposal points at
its committee (the old free-text column stays: it keeps the name as it was when chosen, and older
proposals keep theirs). A proposal gains a plan (case number, economy, staff, work environment,
timetable), dated MED steps and consultations (høringer); a decision gains the meeting, the employee
side's remarks, the communication and the people responsible. New text columns get an empty default,
so existing rows stay valid. The downgrade drops all of it.

Revision ID: c1d2e3f4a5b6
Revises: 9b2e3d4f5a61
Create Date: 2026-12-06 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c1d2e3f4a5b6"
down_revision: str | Sequence[str] | None = "9b2e3d4f5a61"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(column: str, table: str, name: str) -> sa.ForeignKeyConstraint:
    """A named foreign key to ``table.id`` that refuses to delete a row still referred to."""
    return sa.ForeignKeyConstraint([column], [f"{table}.id"], name=op.f(name), ondelete="RESTRICT")


def _text(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "med_committee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),  # main / area / local / staff_meeting
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        _fk("unit_id", "unit", "fk_med_committee_unit_id_unit"),
        _fk("merged_into_id", "med_committee", "fk_med_committee_merged_into_id_med_committee"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_med_committee")),
    )
    op.create_index(op.f("ix_med_committee_unit_id"), "med_committee", ["unit_id"])
    op.create_table(
        "med_committee_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),  # employer / employee
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        _fk("committee_id", "med_committee", "fk_med_committee_member_committee_id_med_committee"),
        _fk("person_id", "person", "fk_med_committee_member_person_id_person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_med_committee_member")),
    )
    op.create_index(op.f("ix_med_committee_member_committee_id"), "med_committee_member", ["committee_id"])
    op.create_index(op.f("ix_med_committee_member_person_id"), "med_committee_member", ["person_id"])

    with op.batch_alter_table("unit") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_unit_merged_into_id_unit"), "unit", ["merged_into_id"], ["id"], ondelete="RESTRICT"
        )
    with op.batch_alter_table("proposal") as batch:
        batch.add_column(sa.Column("med_committee_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_proposal_med_committee_id_med_committee"),
            "med_committee",
            ["med_committee_id"],
            ["id"],
            ondelete="RESTRICT",
        )

    op.create_table(
        "proposal_plan",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=64), nullable=False),
        sa.Column("cost", sa.Text(), nullable=False),
        sa.Column("funding", sa.Text(), nullable=False),
        sa.Column("staff_hours", sa.Text(), nullable=False),
        sa.Column("staff_tasks", sa.Text(), nullable=False),
        sa.Column("staff_skills", sa.Text(), nullable=False),
        sa.Column("staff_agreements", sa.Text(), nullable=False),
        sa.Column("work_environment", sa.Text(), nullable=False),
        sa.Column("apv_agreed_on", sa.Date(), nullable=True),
        sa.Column("timetable", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("proposal_id", "proposal", "fk_proposal_plan_proposal_id_proposal"),
        _fk("updated_by", "person", "fk_proposal_plan_updated_by_person"),
        sa.PrimaryKeyConstraint("proposal_id", name=op.f("pk_proposal_plan")),
    )
    op.create_table(
        "med_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),  # briefing / discussion / statement
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("agenda_item", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("employee_remarks", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _fk("proposal_id", "proposal", "fk_med_step_proposal_id_proposal"),
        _fk("committee_id", "med_committee", "fk_med_step_committee_id_med_committee"),
        _fk("recorded_by", "person", "fk_med_step_recorded_by_person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_med_step")),
    )
    op.create_index(op.f("ix_med_step_proposal_id_held_on"), "med_step", ["proposal_id", "held_on"])
    op.create_table(
        "consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("proposal_id", "proposal", "fk_consultation_proposal_id_proposal"),
        _fk("recorded_by", "person", "fk_consultation_recorded_by_person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation")),
    )
    op.create_index(op.f("ix_consultation_proposal_id_id"), "consultation", ["proposal_id", "id"])

    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("meeting_date", sa.Date(), nullable=True))
        batch.add_column(_text("agenda_item"))
        batch.add_column(_text("participants"))
        batch.add_column(_text("employee_remarks"))
        batch.add_column(_text("communication"))
        batch.add_column(sa.Column("implementation_responsible_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("follow_up_responsible_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_decision_implementation_responsible_id_person"),
            "person",
            ["implementation_responsible_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch.create_foreign_key(
            op.f("fk_decision_follow_up_responsible_id_person"),
            "person",
            ["follow_up_responsible_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.drop_constraint(op.f("fk_decision_follow_up_responsible_id_person"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_decision_implementation_responsible_id_person"), type_="foreignkey")
        for column in (
            "follow_up_responsible_id",
            "implementation_responsible_id",
            "communication",
            "employee_remarks",
            "participants",
            "agenda_item",
            "meeting_date",
        ):
            batch.drop_column(column)
    op.drop_table("consultation")
    op.drop_table("med_step")
    op.drop_table("proposal_plan")
    with op.batch_alter_table("proposal") as batch:
        batch.drop_constraint(op.f("fk_proposal_med_committee_id_med_committee"), type_="foreignkey")
        batch.drop_column("med_committee_id")
    with op.batch_alter_table("unit") as batch:
        batch.drop_constraint(op.f("fk_unit_merged_into_id_unit"), type_="foreignkey")
        batch.drop_column("merged_into_id")
        batch.drop_column("closed_at")
    op.drop_table("med_committee_member")
    op.drop_table("med_committee")
