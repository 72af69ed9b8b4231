"""The outcome indicators' list gets a version, so two people editing it cannot overwrite each other.

Written by hand in the style of the earlier revisions. The list is saved as a whole, and a save from
an older version is refused (assessment/outcomes.py); the version sits on the decision the indicators
belong to, in its own column, so that saving the list never makes an open edit of the decision stale.
Existing decisions start at 0, and every row keeps its values. Adding a column needs no batch mode
on SQLite (``ALTER TABLE … ADD COLUMN`` with a default). The downgrade drops the column.

Revision ID: e3f4a5b6c7d8
Revises: d2e3f4a5b6c7
Create Date: 2026-12-06 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e3f4a5b6c7d8"
down_revision: str | Sequence[str] | None = "d2e3f4a5b6c7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "decision", sa.Column("indicators_version", sa.Integer(), nullable=False, server_default="0")
    )


def downgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("indicators_version")
