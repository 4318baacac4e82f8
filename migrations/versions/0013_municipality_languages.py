"""municipality languages: the majority official language and whether the municipality is bilingual

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

from app.network import refdata


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), server_default='fi', nullable=False))
        batch_op.add_column(sa.Column('bilingual', sa.Boolean(), server_default=sa.false(), nullable=False))
    refdata.set_languages(op.get_bind())


def downgrade():
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('bilingual')
        batch_op.drop_column('language')
