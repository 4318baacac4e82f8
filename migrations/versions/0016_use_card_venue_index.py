"""a card's uses are found by card, venue and time: the desk's "already used here today" reads a few
index rows instead of every use at the venue that day

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 20:40:00

"""
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

USE_SUMS = ['undone_at', 'category', 'adults', 'children', 'assistants']


def upgrade():
    # Not in batch mode: recreating card_use on SQLite would drop the statistics triggers on it.
    op.drop_index('ix_card_use_card_period', table_name='card_use')
    op.create_index('ix_card_use_card_period', 'card_use', ['card_id', 'venue_id', 'scanned_at'], unique=False,
                    postgresql_include=USE_SUMS)


def downgrade():
    op.drop_index('ix_card_use_card_period', table_name='card_use')
    op.create_index('ix_card_use_card_period', 'card_use', ['card_id', 'scanned_at'], unique=False,
                    postgresql_include=USE_SUMS + ['venue_id'])
