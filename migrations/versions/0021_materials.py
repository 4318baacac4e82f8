"""materials

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 20:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('material',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('language', sa.String(length=3), nullable=False),
    sa.Column('title_fi', sa.String(length=200), nullable=False),
    sa.Column('title_sv', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('description_fi', sa.Text(), nullable=False),
    sa.Column('description_sv', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('link_url', sa.String(length=500), nullable=True),
    sa.Column('file_name', sa.String(length=160), nullable=True),
    sa.Column('content_type', sa.String(length=120), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('file_data', sa.LargeBinary(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_material_area_id_area')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_material_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['user_account.id'], name=op.f('fk_material_withdrawn_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_material'))
    )
    with op.batch_alter_table('material', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_material_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_material_published_at'), ['published_at'], unique=False)

    op.create_table('material_opening',
    sa.Column('material_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['material_id'], ['material.id'], name=op.f('fk_material_opening_material_id_material')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_material_opening_user_id_user_account')),
    sa.PrimaryKeyConstraint('material_id', 'user_id', name=op.f('pk_material_opening'))
    )
    with op.batch_alter_table('material_opening', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_material_opening_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('material_opening', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_material_opening_user_id'))
    op.drop_table('material_opening')
    with op.batch_alter_table('material', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_material_published_at'))
        batch_op.drop_index(batch_op.f('ix_material_area_id'))
    op.drop_table('material')
