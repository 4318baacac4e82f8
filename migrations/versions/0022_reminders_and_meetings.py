"""reminders and meetings

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03 20:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('annual_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('area_ids', sa.JSON(), nullable=False),
    sa.Column('task_ids', sa.JSON(), nullable=False),
    sa.Column('mailed', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_annual_reminder_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_reminder')),
    sa.UniqueConstraint('user_id', 'month', name=op.f('uq_annual_reminder_user_id'))
    )
    with op.batch_alter_table('annual_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_reminder_user_id'), ['user_id'], unique=False)

    op.create_table('feedback_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('meeting_time', sa.Time(), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('online_link', sa.String(length=500), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('stats_year', sa.Integer(), nullable=False),
    sa.Column('invite_national_centre', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('sent_count', sa.Integer(), nullable=False),
    sa.Column('sent_to', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_feedback_meeting_area_id_area')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                            name=op.f('fk_feedback_meeting_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['sent_by_id'], ['user_account.id'],
                            name=op.f('fk_feedback_meeting_sent_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_meeting'))
    )
    with op.batch_alter_table('feedback_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_meeting_area_id'), ['area_id'], unique=False)

    op.create_table('feedback_meeting_invitee',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['feedback_meeting.id'],
                            name=op.f('fk_feedback_meeting_invitee_meeting_id_feedback_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                            name=op.f('fk_feedback_meeting_invitee_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('meeting_id', 'organisation_id', name=op.f('pk_feedback_meeting_invitee'))
    )


def downgrade():
    op.drop_table('feedback_meeting_invitee')
    with op.batch_alter_table('feedback_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_meeting_area_id'))
    op.drop_table('feedback_meeting')
    with op.batch_alter_table('annual_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annual_reminder_user_id'))
    op.drop_table('annual_reminder')
