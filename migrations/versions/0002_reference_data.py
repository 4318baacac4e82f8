"""reference data: wellbeing services counties and municipalities

Revision ID: 0002
Revises: 0001
"""
from alembic import op

from app.network import refdata

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    refdata.load(op.get_bind())


def downgrade():
    op.execute("DELETE FROM municipality")
    op.execute("DELETE FROM wellbeing_county")
