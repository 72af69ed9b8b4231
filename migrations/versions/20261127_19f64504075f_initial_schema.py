"""Initial schema: organisation, rubrics, proposals, scores, dialogue, decisions, audit.

Generated with ``alembic revision --autogenerate`` from storage/tables.py and tidied by hand:
plain ``sa.String`` for sqlmodel's AutoString, the primary key first in every table, indexes
created directly (batch mode is only needed to alter existing SQLite tables), and a downgrade
that drops the tables (and with them their indexes) in reverse order of their references.

Revision ID: 19f64504075f
Revises:
Create Date: 2026-11-27 15:54:56.126428
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "19f64504075f"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(
    columns: list[str], table: str, name: str, *, refcolumns: tuple[str, ...] = ("id",), ondelete: str = "RESTRICT"
) -> sa.ForeignKeyConstraint:
    """A named foreign key; RESTRICT unless said otherwise, as in storage/tables.py."""
    return sa.ForeignKeyConstraint(
        columns, [f"{table}.{column}" for column in refcolumns], name=op.f(name), ondelete=ondelete
    )


def upgrade() -> None:
    # Organisation -----------------------------------------------------------------------------
    op.create_table(
        "profession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profession")),
        sa.UniqueConstraint("key", name=op.f("uq_profession_key")),
    )
    op.create_table(
        "rubric_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rubric_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=128), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rubric_version")),
        sa.UniqueConstraint("rubric_id", "version", name=op.f("uq_rubric_version_rubric_id_version")),
    )
    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        _fk(["parent_id"], "unit", "fk_unit_parent_id_unit"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit")),
    )
    op.create_index(op.f("ix_unit_parent_id"), "unit", ["parent_id"])

    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),  # stored lower-cased
        sa.Column("profession_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        _fk(["profession_id"], "profession", "fk_person_profession_id_profession"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("email", name=op.f("uq_person_email")),
    )
    op.create_table(
        "core_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("formal", sa.Text(), nullable=False),
        sa.Column("performed", sa.Text(), nullable=False),
        sa.Column("experienced", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        _fk(["author_id"], "person", "fk_core_task_author_id_person"),
        _fk(["unit_id"], "unit", "fk_core_task_unit_id_unit"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_task")),
        sa.UniqueConstraint("unit_id", "version", name=op.f("uq_core_task_unit_id_version")),
    )
    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        _fk(["person_id"], "person", "fk_membership_person_id_person"),
        _fk(["unit_id"], "unit", "fk_membership_unit_id_unit"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint("person_id", "unit_id", "role", name=op.f("uq_membership_person_id_unit_id_role")),
    )
    op.create_index(op.f("ix_membership_unit_id"), "membership", ["unit_id"])

    # Proposals --------------------------------------------------------------------------------
    op.create_table(
        "proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),  # casefold(title, description)
        sa.Column("change_type", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("management_level", sa.Text(), nullable=False),
        sa.Column("med_committee", sa.Text(), nullable=False),
        sa.Column("rubric_id", sa.String(length=64), nullable=False),
        sa.Column("rubric_version", sa.String(length=64), nullable=False),
        sa.Column("rubric_hash", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("consulted", sa.Text(), nullable=False),
        sa.Column("informed", sa.Text(), nullable=False),
        sa.Column("show_rater_names", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),  # optimistic locking
        _fk(["created_by"], "person", "fk_proposal_created_by_person"),
        _fk(
            ["rubric_id", "rubric_version"],
            "rubric_version",
            "fk_proposal_rubric_id_rubric_version_rubric_version",
            refcolumns=("rubric_id", "version"),
        ),
        _fk(["unit_id"], "unit", "fk_proposal_unit_id_unit"),
        _fk(["updated_by"], "person", "fk_proposal_updated_by_person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
    )
    # The overview: newest first, optionally narrowed to some statuses or units.
    op.create_index(op.f("ix_proposal_updated_at_id"), "proposal", ["updated_at", "id"])
    op.create_index(op.f("ix_proposal_status_updated_at_id"), "proposal", ["status", "updated_at", "id"])
    op.create_index(op.f("ix_proposal_unit_id_updated_at_id"), "proposal", ["unit_id", "updated_at", "id"])

    op.create_table(
        "option",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("is_baseline", sa.Boolean(), nullable=False),
        _fk(["proposal_id"], "proposal", "fk_option_proposal_id_proposal"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_option")),
    )
    op.create_index(op.f("ix_option_proposal_id_position"), "option", ["proposal_id", "position"])

    op.create_table(
        "panel_member",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("profession_id", sa.Integer(), nullable=True),
        _fk(["person_id"], "person", "fk_panel_member_person_id_person"),
        _fk(["profession_id"], "profession", "fk_panel_member_profession_id_profession"),
        _fk(["proposal_id"], "proposal", "fk_panel_member_proposal_id_proposal"),
        sa.PrimaryKeyConstraint("proposal_id", "person_id", name=op.f("pk_panel_member")),
    )
    op.create_index(op.f("ix_panel_member_person_id"), "panel_member", ["person_id"])

    op.create_table(
        "proposal_profession",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("profession_id", sa.Integer(), nullable=False),
        _fk(["profession_id"], "profession", "fk_proposal_profession_profession_id_profession"),
        _fk(["proposal_id"], "proposal", "fk_proposal_profession_proposal_id_proposal"),
        sa.PrimaryKeyConstraint("proposal_id", "profession_id", name=op.f("pk_proposal_profession")),
    )

    # Scores -----------------------------------------------------------------------------------
    op.create_table(
        "score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.Column("criterion_key", sa.String(length=64), nullable=False),
        sa.Column("facet", sa.String(length=64), server_default="", nullable=False),
        sa.Column("rater_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.SmallInteger(), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=True),  # NULL = don't know
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _fk(["option_id"], "option", "fk_score_option_id_option"),
        _fk(["proposal_id"], "proposal", "fk_score_proposal_id_proposal"),
        _fk(["rater_id"], "person", "fk_score_rater_id_person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score")),
        # One row per rater x cell x round: a save is an upsert on this key.
        sa.UniqueConstraint(
            "proposal_id", "rater_id", "option_id", "criterion_key", "facet", "round", name="uq_score_cell"
        ),
    )
    # Covers the tally GROUP BY completely (no table lookups).
    op.create_index(
        "ix_score_tally",
        "score",
        ["proposal_id", "round", "option_id", "criterion_key", "facet", "level", "rater_id"],
    )

    # Dialogue, decision, audit ----------------------------------------------------------------
    op.create_table(
        "dilemma",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("pole_a", sa.Text(), nullable=False),
        sa.Column("pole_b", sa.Text(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=True),
        sa.Column("criterion_key", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk(["created_by"], "person", "fk_dilemma_created_by_person"),
        _fk(["option_id"], "option", "fk_dilemma_option_id_option", ondelete="SET NULL"),
        _fk(["proposal_id"], "proposal", "fk_dilemma_proposal_id_proposal"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dilemma")),
    )
    op.create_index(op.f("ix_dilemma_proposal_id"), "dilemma", ["proposal_id"])

    op.create_table(
        "decision",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("chosen_option_id", sa.Integer(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("med_statement", sa.Text(), nullable=False),
        sa.Column("dissent", sa.Text(), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("follow_up_date", sa.Date(), nullable=False),
        sa.Column("indicators", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),  # optimistic locking
        _fk(["chosen_option_id"], "option", "fk_decision_chosen_option_id_option"),
        _fk(["decided_by"], "person", "fk_decision_decided_by_person"),
        _fk(["proposal_id"], "proposal", "fk_decision_proposal_id_proposal"),
        sa.PrimaryKeyConstraint("proposal_id", name=op.f("pk_decision")),
    )
    op.create_index(op.f("ix_decision_follow_up_date"), "decision", ["follow_up_date"])

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=64), nullable=False),
        sa.Column("object_id", sa.String(length=160), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),  # JSON
        sa.Column("after", sa.Text(), nullable=True),  # JSON
        _fk(["actor_id"], "person", "fk_audit_event_actor_id_person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_index(
        op.f("ix_audit_event_object_type_object_id_id"), "audit_event", ["object_type", "object_id", "id"]
    )


def downgrade() -> None:
    # Referring tables first; each table's indexes go with it.
    for table in (
        "audit_event",
        "decision",
        "dilemma",
        "score",
        "proposal_profession",
        "panel_member",
        "option",
        "proposal",
        "membership",
        "core_task",
        "person",
        "unit",
        "rubric_version",
        "profession",
    ):
        op.drop_table(table)
