"""commitment kinds and contacts

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 20:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    # Existing versions are partner commitments; a label is unique within its kind.
    with op.batch_alter_table('commitment_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='partner', nullable=False))
        batch_op.drop_constraint('uq_commitment_version_version', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_commitment_version_kind'), ['kind', 'version'])

    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feedback_email', sa.String(length=200), server_default='', nullable=False))

    op.create_table('coordination_ack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=8), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_coordination_ack_area_id_area')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_coordination_ack_user_id_user_account')),
    sa.ForeignKeyConstraint(['version_id'], ['commitment_version.id'], name=op.f('fk_coordination_ack_version_id_commitment_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coordination_ack')),
    sa.UniqueConstraint('area_id', 'version_id', 'side', name=op.f('uq_coordination_ack_area_id'))
    )
    with op.batch_alter_table('coordination_ack', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coordination_ack_area_id'), ['area_id'], unique=False)

    op.create_table('area_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('side', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('public', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_area_contact_area_id_area')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_area_contact_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_contact'))
    )
    with op.batch_alter_table('area_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_contact_area_id'), ['area_id'], unique=False)

    op.create_table('contact_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('seen_at', sa.DateTime(), nullable=True),
    sa.Column('seen_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_contact_change_area_id_area')),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user_account.id'], name=op.f('fk_contact_change_changed_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_contact_change_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['seen_by_id'], ['user_account.id'], name=op.f('fk_contact_change_seen_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_change'))
    )
    with op.batch_alter_table('contact_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_change_area_id'), ['area_id'], unique=False)


def downgrade():
    with op.batch_alter_table('contact_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_change_area_id'))
    op.drop_table('contact_change')
    with op.batch_alter_table('area_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_contact_area_id'))
    op.drop_table('area_contact')
    with op.batch_alter_table('coordination_ack', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coordination_ack_area_id'))
    op.drop_table('coordination_ack')
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_column('feedback_email')
    # Coordination versions cannot be kept as partner ones (their labels may collide): drop them first.
    op.execute("DELETE FROM commitment_version WHERE kind <> 'partner'")
    with op.batch_alter_table('commitment_version', schema=None) as batch_op:
        batch_op.drop_constraint('uq_commitment_version_kind', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_commitment_version_version'), ['version'])
        batch_op.drop_column('kind')
