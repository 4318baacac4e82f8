"""Reference data shipped with the app in app/data: wellbeing services counties and municipalities
(2025), loaded into the database, and the annual-cycle template (read by app.network.annual).

`load` is used by the data migration and by the tests; it only adds rows that are missing, so edits
made later in the database are kept.
"""
import csv
from pathlib import Path

import sqlalchemy as sa

DATA = Path(__file__).resolve().parent.parent / "data"

counties = sa.table("wellbeing_county", sa.column("code"), sa.column("name_fi"), sa.column("name_sv"))
municipalities = sa.table(
    "municipality", sa.column("code"), sa.column("name_fi"), sa.column("name_sv"),
    sa.column("county_code"), sa.column("population"), sa.column("area_id"),
)


def read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load(connection: sa.Connection) -> int:
    """Insert the counties and municipalities that are not there yet; returns rows added."""
    have = set(connection.scalars(sa.select(counties.c.code)))
    rows = [r for r in read("wellbeing_counties.csv") if r["code"] not in have]
    if rows:
        connection.execute(counties.insert(), rows)
    have_m = set(connection.scalars(sa.select(municipalities.c.code)))
    m_rows = [
        {**r, "county_code": r["county_code"] or None, "population": int(r["population"] or 0), "area_id": None}
        for r in read("municipalities.csv") if r["code"] not in have_m
    ]
    if m_rows:
        connection.execute(municipalities.insert(), m_rows)
    return len(rows) + len(m_rows)
