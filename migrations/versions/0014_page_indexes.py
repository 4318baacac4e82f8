"""indexes for signed-in pages at national scale: a site's stock and renewals, the audit log

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 17:40:00

Measured on the national-scale dataset (1,000,000 cards, 5,000,000 uses; bench/stats_dataset.py):
- card(allocated_site_id, state): a distributor's stock counts (state 'stock' at its own site) and a
  coordinator's stock pages; it replaces the single-column index on allocated_site_id.
- card(issuing_site_id, valid_until): a site's renewals due (its figures page: 6 ms with two bitmap
  scans for the busiest site, 0.1 ms along this index).
- audit_entry(area_id, at, id): a coordinator's audit log, newest first, a page at a time; it replaces
  the single-column index on area_id.
"""
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('card', schema=None) as batch_op:
        batch_op.drop_index('ix_card_allocated_site_id')
        batch_op.create_index('ix_card_site_stock', ['allocated_site_id', 'state'], unique=False)
        batch_op.create_index('ix_card_site_valid_until', ['issuing_site_id', 'valid_until'], unique=False)
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_area_id')
        batch_op.create_index('ix_audit_entry_area_at', ['area_id', 'at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_area_at')
        batch_op.create_index('ix_audit_entry_area_id', ['area_id'], unique=False)
    with op.batch_alter_table('card', schema=None) as batch_op:
        batch_op.drop_index('ix_card_site_valid_until')
        batch_op.drop_index('ix_card_site_stock')
        batch_op.create_index('ix_card_allocated_site_id', ['allocated_site_id'], unique=False)
