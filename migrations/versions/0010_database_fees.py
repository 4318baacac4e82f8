"""database fees and per-area overrides

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 15:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('database_fee',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('total_cents', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user_account.id'], name=op.f('fk_database_fee_changed_by_id_user_account')),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_database_fee'))
    )
    op.create_table('database_fee_override',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('area_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('municipalities_cents', sa.BigInteger(), nullable=True),
    sa.Column('county_cents', sa.BigInteger(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_database_fee_override_area_id_area')),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user_account.id'], name=op.f('fk_database_fee_override_changed_by_id_user_account')),
    sa.ForeignKeyConstraint(['year'], ['database_fee.year'], name=op.f('fk_database_fee_override_year_database_fee')),
    sa.PrimaryKeyConstraint('year', 'area_id', name=op.f('pk_database_fee_override'))
    )


def downgrade():
    op.drop_table('database_fee_override')
    op.drop_table('database_fee')
