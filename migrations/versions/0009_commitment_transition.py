"""commitment transition period

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 02:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('commitment_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous_counts_until', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('commitment_version', schema=None) as batch_op:
        batch_op.drop_column('previous_counts_until')
