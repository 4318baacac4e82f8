"""continuation rounds

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 20:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('continuation_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_continuation_round_area_id_area')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['user_account.id'], name=op.f('fk_continuation_round_closed_by_id_user_account')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['user_account.id'], name=op.f('fk_continuation_round_opened_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_continuation_round')),
    sa.UniqueConstraint('area_id', 'side', 'year', name=op.f('uq_continuation_round_area_id'))
    )
    with op.batch_alter_table('continuation_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_continuation_round_area_id'), ['area_id'], unique=False)

    op.create_table('continuation_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('end_scheduled', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'], name=op.f('fk_continuation_answer_answered_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_continuation_answer_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['round_id'], ['continuation_round.id'], name=op.f('fk_continuation_answer_round_id_continuation_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_continuation_answer')),
    sa.UniqueConstraint('round_id', 'organisation_id', name=op.f('uq_continuation_answer_round_id'))
    )
    with op.batch_alter_table('continuation_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_continuation_answer_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_continuation_answer_round_id'), ['round_id'], unique=False)


def downgrade():
    with op.batch_alter_table('continuation_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_continuation_answer_round_id'))
        batch_op.drop_index(batch_op.f('ix_continuation_answer_organisation_id'))

    op.drop_table('continuation_answer')
    with op.batch_alter_table('continuation_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_continuation_round_area_id'))

    op.drop_table('continuation_round')
