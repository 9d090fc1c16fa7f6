"""Jobs looked up by the digest of their source: an inbox recognises a manuscript produced before.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Index jobs.source_sha256."""
    op.create_index("ix_jobs_source_sha256", "jobs", ["source_sha256"])


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_jobs_source_sha256", table_name="jobs")
