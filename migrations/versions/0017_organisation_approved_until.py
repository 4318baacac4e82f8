"""organisation.approved_until: the last day an organisation operates when its end is scheduled

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 20:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_until', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('approved_until')
