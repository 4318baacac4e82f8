"""distributor lists

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 20:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('distributor_list',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('prepared_at', sa.DateTime(), nullable=False),
    sa.Column('prepared_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_distributor_list_area_id_area')),
    sa.ForeignKeyConstraint(['prepared_by_id'], ['user_account.id'], name=op.f('fk_distributor_list_prepared_by_id_user_account')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_distributor_list_reviewed_by_id_user_account')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_distributor_list_submitted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distributor_list')),
    sa.UniqueConstraint('area_id', 'year', name=op.f('uq_distributor_list_area_id'))
    )
    with op.batch_alter_table('distributor_list', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_distributor_list_area_id'), ['area_id'], unique=False)

    op.create_table('distributor_list_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('municipality_code', sa.String(length=3), nullable=False),
    sa.Column('service_type', sa.String(length=40), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_email', sa.String(length=200), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('new_partner', sa.Boolean(), nullable=False),
    sa.Column('awaiting_approval', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['list_id'], ['distributor_list.id'], name=op.f('fk_distributor_list_entry_list_id_distributor_list')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_distributor_list_entry_municipality_code_municipality')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_distributor_list_entry_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distributor_list_entry'))
    )
    with op.batch_alter_table('distributor_list_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_distributor_list_entry_list_id'), ['list_id'], unique=False)


def downgrade():
    with op.batch_alter_table('distributor_list_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_distributor_list_entry_list_id'))
    op.drop_table('distributor_list_entry')
    with op.batch_alter_table('distributor_list', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_distributor_list_area_id'))
    op.drop_table('distributor_list')
