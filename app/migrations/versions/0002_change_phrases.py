"""A change's summary kept as a phrase too, to be said in each reader's language.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("changes", sa.Column("phrase", sa.Text, nullable=True))


def downgrade() -> None:
    op.drop_column("changes", "phrase")
