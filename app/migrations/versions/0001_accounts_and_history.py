"""Curators, their sessions and failed logins; the change history.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "curators",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("curator_id", sa.Integer, sa.ForeignKey("curators.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, index=True),
        sa.Column("address", sa.String(64), nullable=False, index=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("curator", sa.String(64), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("undoes", sa.Integer, sa.ForeignKey("changes.id"), nullable=True),
        sa.Column("undone_by", sa.Integer, sa.ForeignKey("changes.id"), nullable=True),
    )
    op.create_table(
        "change_targets",
        sa.Column("change_id", sa.Integer, sa.ForeignKey("changes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("target", sa.String(300), primary_key=True),
    )
    op.create_index("ix_change_targets_target", "change_targets", ["target"])
    op.create_table(
        "change_files",
        sa.Column("change_id", sa.Integer, sa.ForeignKey("changes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("path", sa.String(1000), primary_key=True),
        sa.Column("before", sa.LargeBinary, nullable=True),
        sa.Column("after", sa.LargeBinary, nullable=True),
    )
    op.create_index("ix_change_files_path", "change_files", ["path"])


def downgrade() -> None:
    for table in ("change_files", "change_targets", "changes", "login_attempts", "sessions", "curators"):
        op.drop_table(table)
