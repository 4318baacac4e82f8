"""statistics indexes: uses by period, by venue and by card, registrations by day

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 16:00:00

The three card_use indexes and the card and card_event ones replace single-column indexes on
their leading column. On PostgreSQL they INCLUDE the columns the statistics sum, so a dashboard
reads the index alone (measured with bench/bench_stats.py); SQLite ignores INCLUDE.
"""
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

USE_SUMS = ['undone_at', 'category', 'adults', 'children', 'assistants']


def upgrade():
    with op.batch_alter_table('card_use', schema=None) as batch_op:
        batch_op.drop_index('ix_card_use_scanned_at')
        batch_op.drop_index('ix_card_use_venue_id')
        batch_op.drop_index('ix_card_use_card_id')
        batch_op.create_index('ix_card_use_period', ['scanned_at'], unique=False,
                              postgresql_include=USE_SUMS + ['venue_id', 'card_id'])
        batch_op.create_index('ix_card_use_venue_period', ['venue_id', 'scanned_at'], unique=False,
                              postgresql_include=USE_SUMS + ['card_id', 'event_id'])
        batch_op.create_index('ix_card_use_card_period', ['card_id', 'scanned_at'], unique=False,
                              postgresql_include=USE_SUMS + ['venue_id'])
    with op.batch_alter_table('card', schema=None) as batch_op:
        batch_op.drop_index('ix_card_issuing_site_id')
        batch_op.create_index('ix_card_site_cards', ['issuing_site_id'], unique=False,
                              postgresql_include=['id'])
    with op.batch_alter_table('card_event', schema=None) as batch_op:
        batch_op.create_index('ix_card_event_registrations', ['on_date', 'action'], unique=False,
                              postgresql_include=['card_id'])
    with op.batch_alter_table('refused_scan', schema=None) as batch_op:
        batch_op.drop_index('ix_refused_scan_venue_id')
        batch_op.create_index('ix_refused_scan_venue_at', ['venue_id', 'at'], unique=False)


def downgrade():
    with op.batch_alter_table('refused_scan', schema=None) as batch_op:
        batch_op.drop_index('ix_refused_scan_venue_at')
        batch_op.create_index('ix_refused_scan_venue_id', ['venue_id'], unique=False)
    with op.batch_alter_table('card_event', schema=None) as batch_op:
        batch_op.drop_index('ix_card_event_registrations')
    with op.batch_alter_table('card', schema=None) as batch_op:
        batch_op.drop_index('ix_card_site_cards')
        batch_op.create_index('ix_card_issuing_site_id', ['issuing_site_id'], unique=False)
    with op.batch_alter_table('card_use', schema=None) as batch_op:
        batch_op.drop_index('ix_card_use_card_period')
        batch_op.drop_index('ix_card_use_venue_period')
        batch_op.drop_index('ix_card_use_period')
        batch_op.create_index('ix_card_use_card_id', ['card_id'], unique=False)
        batch_op.create_index('ix_card_use_venue_id', ['venue_id'], unique=False)
        batch_op.create_index('ix_card_use_scanned_at', ['scanned_at'], unique=False)
