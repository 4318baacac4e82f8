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


def languages(row: dict[str, str]) -> dict[str, object]:
    """A municipality's official languages from its `languages` cell ("fi", "sv", "fi sv", "sv fi":
    the majority language first) as the columns `language` and `bilingual`."""
    spoken = row.get("languages", "").split() or ["fi"]
    return {"language": spoken[0], "bilingual": len(spoken) > 1}


def _has_language_columns(connection: sa.Connection) -> bool:
    return "language" in {column["name"] for column in sa.inspect(connection).get_columns("municipality")}


def set_languages(connection: sa.Connection) -> None:
    """Every shipped municipality's official languages (migration 0013 fills existing rows with it)."""
    table = sa.table("municipality", sa.column("code"), sa.column("language"), sa.column("bilingual"))
    for row in read("municipalities.csv"):
        connection.execute(table.update().where(table.c.code == row["code"]).values(**languages(row)))


def load(connection: sa.Connection) -> int:
    """Insert the counties and municipalities that are not there yet; returns rows added."""
    have = set(connection.scalars(sa.select(counties.c.code)))
    rows = [r for r in read("wellbeing_counties.csv") if r["code"] not in have]
    if rows:
        connection.execute(counties.insert(), rows)
    have_m = set(connection.scalars(sa.select(municipalities.c.code)))
    spoken = _has_language_columns(connection)  # not before migration 0013
    target = sa.table("municipality", *(sa.column(c.name) for c in municipalities.c), sa.column("language"),
                      sa.column("bilingual")) if spoken else municipalities
    m_rows = [
        {"code": r["code"], "name_fi": r["name_fi"], "name_sv": r["name_sv"], "county_code": r["county_code"] or None,
         "population": int(r["population"] or 0), "area_id": None, **(languages(r) if spoken else {})}
        for r in read("municipalities.csv") if r["code"] not in have_m
    ]
    if m_rows:
        connection.execute(target.insert(), m_rows)
    return len(rows) + len(m_rows)
