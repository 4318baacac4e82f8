"""The triggers that keep the statistics totals (app/models/stat.py) and the card's registered_on and
first_used_on, in the same transaction as the write that changes them, on SQLite and PostgreSQL.

Every insert, update (an undo) or delete of a use takes the old row's contribution away and adds
the new one's; a use counts while `undone_at` is null. A `registered`/`imported` card event sets
the card's registered_on. `rebuild(connection)` recomputes everything from the rows, for a bulk
load that ran without triggers (bench/stats_dataset.py) and for the migration that adds them.
The same statement text serves both databases: only the year of a date and the trigger wrapper
differ.
"""
from sqlalchemy import Connection, event, text

from app.extensions import db
from app.stats.breakdowns import AGE_GROUPS

REGISTRATION_ACTIONS = "('registered', 'imported')"
# The tallies' dimensions: each has few values per place and day, so the tallies stay small.
DIMENSIONS = ("home", "age", "gender", "life_situation", "card_area")
TOTALS = ("uses", "adults", "children", "assistants")
CARD_YEAR = ("uses", "adults", "children")


SPANS = "(SELECT 'd' AS span UNION ALL SELECT 'm' AS span) s"


def month_start(day: str, dialect: str) -> str:
    if dialect == "sqlite":
        return f"date({day}, 'start of month')"
    return f"CAST(date_trunc('month', {day}) AS DATE)"


def span_day(day: str, dialect: str) -> str:
    """The day of a total of span s.span: the day itself, or its month's first day."""
    return f"CASE WHEN s.span = 'd' THEN {day} ELSE {month_start(day, dialect)} END"


def year_of(day: str, dialect: str) -> str:
    if dialect == "sqlite":
        return f"CAST(strftime('%Y', {day}) AS INTEGER)"
    return f"CAST(EXTRACT(YEAR FROM {day}) AS INTEGER)"


def _dimensions(only: tuple[str, ...] = DIMENSIONS) -> str:
    return " UNION ALL ".join(f"SELECT '{dim}' AS dim" for dim in only)


def _age_group(year: str, c: str) -> str:
    whens = " ".join(f"WHEN {year} - {c}birth_year <= {high} THEN '{key}'"
                     for key, _low, high in AGE_GROUPS if high is not None)
    return f"CASE WHEN {c}birth_year IS NULL THEN '' {whens} ELSE '{AGE_GROUPS[-1][0]}' END"


def _value(u: str, o: str, c: str, year: str) -> str:
    """The tally value of dimension d.dim; `c` prefixes the card's columns ("c.", "NEW.", "OLD.",
    or "r.card_" in a recount)."""
    return f"""CASE d.dim
        WHEN 'home' THEN COALESCE({c}municipality_code, '')
        WHEN 'age' THEN {_age_group(year, c)}
        WHEN 'gender' THEN COALESCE({c}gender, '')
        WHEN 'life_situation' THEN COALESCE({c}life_situation, '')
        ELSE COALESCE(CAST({c}issued_area_id AS VARCHAR(40)), '') END"""


def _grouped_tally(rows: str, where: str, u: str, o: str, c: str, sign: str, dialect: str, dims: str) -> str:
    """The tallies of many uses at once, grouped (a card's uses in its trigger; a recount)."""
    year = year_of(f"{u}scanned_on", dialect)
    area, municipality = f"COALESCE({o}area_id, 0)", f"COALESCE({o}municipality_code, '')"
    value, day = _value(u, o, c, year), span_day(f"{u}scanned_on", dialect)
    return f"""INSERT INTO stat_use_tally (dim, span, day, area_id, municipality_code, value, {", ".join(TOTALS)})
        SELECT d.dim, s.span, {day}, {area}, {municipality}, {value},
            {sign} * count(*), {sign} * sum({u}adults), {sign} * sum({u}children), {sign} * sum({u}assistants)
        FROM {rows}, ({dims}) d, {SPANS} WHERE {where}
        GROUP BY d.dim, s.span, {day}, {area}, {municipality}, {value}
        ON CONFLICT (dim, span, day, area_id, municipality_code, value) DO UPDATE SET {_add_up("stat_use_tally", TOTALS)}"""


def tally_of_card_uses(c: str, sign: str, dialect: str) -> str:
    """Add (sign "1") or take away ("-1") all uses (not undone) of the card row `c` (NEW or OLD in
    the card's trigger) in the tallies."""
    return _grouped_tally("card_use u JOIN organisation o ON o.id = u.venue_id",
                          f"u.undone_at IS NULL AND u.card_id = {c}.id", "u.", "o.", f"{c}.", sign, dialect,
                          _dimensions())


def _add_up(table: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f"{column} = {table}.{column} + excluded.{column}" for column in columns)


def _sums(r: str, sign: str) -> str:
    return f"{sign}, {sign} * {r}.adults, {sign} * {r}.children, {sign} * {r}.assistants"


def use_statements(r: str, sign: str, dialect: str) -> list[str]:
    """Add (sign "1") or take away (sign "-1") the use row `r` (NEW or OLD) in the totals."""
    year, day = year_of(f"{r}.scanned_on", dialect), span_day(f"{r}.scanned_on", dialect)
    counted = f"{r}.undone_at IS NULL"
    places = f"o.id = {r}.venue_id AND c.id = {r}.card_id AND {counted}"
    return [
        f"""INSERT INTO stat_use_day (span, day, venue_id, category, {", ".join(TOTALS)})
        SELECT s.span, {day}, {r}.venue_id, {r}.category, {_sums(r, sign)} FROM {SPANS} WHERE {counted}
        ON CONFLICT (span, day, venue_id, category) DO UPDATE SET {_add_up("stat_use_day", TOTALS)}""",
        f"""INSERT INTO stat_use_tally (dim, span, day, area_id, municipality_code, value, {", ".join(TOTALS)})
        SELECT d.dim, s.span, {day}, COALESCE(o.area_id, 0), COALESCE(o.municipality_code, ''),
            {_value(f"{r}.", "o.", "c.", year)}, {_sums(r, sign)}
        FROM ({_dimensions()}) d, {SPANS}, organisation o, card c WHERE {places}
        ON CONFLICT (dim, span, day, area_id, municipality_code, value) DO UPDATE SET {_add_up("stat_use_tally", TOTALS)}""",
        f"""INSERT INTO stat_card_year (year, card_id, area_id, municipality_code, site_id, {", ".join(CARD_YEAR)})
        SELECT {year}, {r}.card_id, COALESCE(o.area_id, 0), COALESCE(o.municipality_code, ''),
            COALESCE(c.issuing_site_id, 0), {sign}, {sign} * {r}.adults, {sign} * {r}.children
        FROM organisation o, card c WHERE {places}
        ON CONFLICT (year, card_id, area_id, municipality_code) DO UPDATE SET {_add_up("stat_card_year", CARD_YEAR)}""",
    ]


def first_use_statement(r: str) -> str:
    """The card's first use again from its uses (after an undo, a change or a delete)."""
    return f"""UPDATE card SET first_used_on = (SELECT min(u.scanned_on) FROM card_use u
        WHERE u.card_id = card.id AND u.undone_at IS NULL) WHERE card.id = {r}.card_id"""


FIRST_USE_ON_INSERT = """UPDATE card SET first_used_on = NEW.scanned_on
    WHERE card.id = NEW.card_id AND NEW.undone_at IS NULL
    AND (card.first_used_on IS NULL OR card.first_used_on > NEW.scanned_on)"""


def registered_on_statement(r: str) -> str:
    return f"""UPDATE card SET registered_on = (SELECT max(e.on_date) FROM card_event e
        WHERE e.card_id = card.id AND e.action IN {REGISTRATION_ACTIONS}) WHERE card.id = {r}.card_id"""


REGISTERED_ON_INSERT = f"""UPDATE card SET registered_on = NEW.on_date
    WHERE card.id = NEW.card_id AND NEW.action IN {REGISTRATION_ACTIONS}
    AND (card.registered_on IS NULL OR card.registered_on < NEW.on_date)"""

# A change of these on a card moves its uses in the tallies (a corrected birth year, a new home).
CARD_ATTRIBUTES = ("municipality_code", "birth_year", "gender", "life_situation", "issuing_site_id",
                   "issued_area_id")
TRIGGERS = (("card_use", "insert"), ("card_use", "update"), ("card_use", "delete"),
            ("card_event", "insert"), ("card_event", "update"), ("card_event", "delete"), ("card", "update"))


def _bodies(dialect: str) -> dict[tuple[str, str], list[str]]:
    """(table, operation) -> the statements its row trigger runs."""
    add, take = use_statements("NEW", "1", dialect), use_statements("OLD", "-1", dialect)
    return {
        ("card_use", "insert"): [*add, FIRST_USE_ON_INSERT],
        ("card_use", "update"): [*take, *add, first_use_statement("OLD"), first_use_statement("NEW")],
        ("card_use", "delete"): [*take, first_use_statement("OLD")],
        ("card_event", "insert"): [REGISTERED_ON_INSERT],
        ("card_event", "update"): [registered_on_statement("OLD"), registered_on_statement("NEW")],
        ("card_event", "delete"): [registered_on_statement("OLD")],
        ("card", "update"): [tally_of_card_uses("OLD", "-1", dialect), tally_of_card_uses("NEW", "1", dialect),
                             "UPDATE stat_card_year SET site_id = COALESCE(NEW.issuing_site_id, 0) "
                             "WHERE card_id = NEW.id"],
    }


def _event(table: str, operation: str, dialect: str) -> str:
    """AFTER INSERT / UPDATE / DELETE; a card's update only when a counted attribute changes."""
    if table != "card":
        return f"AFTER {operation.upper()} ON {table} FOR EACH ROW"
    differs = " IS DISTINCT FROM " if dialect != "sqlite" else " IS NOT "
    changed = " OR ".join(f"OLD.{column}{differs}NEW.{column}" for column in CARD_ATTRIBUTES)
    return f"AFTER UPDATE OF {', '.join(CARD_ATTRIBUTES)} ON card FOR EACH ROW WHEN ({changed})"


def install(connection: Connection) -> None:
    """Create (or replace) the triggers."""
    dialect = connection.dialect.name
    drop(connection)
    for (table, operation), statements in _bodies(dialect).items():
        name, body = f"stat_{table}_{operation}", ";\n".join(statements)
        if dialect == "sqlite":
            connection.exec_driver_sql(f"CREATE TRIGGER {name} {_event(table, operation, dialect)} BEGIN\n{body};\nEND")
        else:
            connection.exec_driver_sql(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                                       f"BEGIN\n{body};\nRETURN NULL;\nEND $$")
            connection.exec_driver_sql(f"CREATE TRIGGER {name} {_event(table, operation, dialect)} "
                                       f"EXECUTE FUNCTION {name}()")


def drop(connection: Connection) -> None:
    for table, operation in TRIGGERS:
        name = f"stat_{table}_{operation}"
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        else:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")


def rebuild(connection: Connection) -> None:
    """Recompute every total and the cards' registered_on / first_used_on from the rows."""
    dialect = connection.dialect.name
    year = year_of("u.scanned_on", dialect)
    for table in ("stat_use_day", "stat_use_tally", "stat_card_year"):
        connection.execute(text(f"DELETE FROM {table}"))
    sums = "count(*), sum(u.adults), sum(u.children), sum(u.assistants)"
    day = span_day("u.scanned_on", dialect)
    connection.execute(text(f"""INSERT INTO stat_use_day (span, day, venue_id, category, {", ".join(TOTALS)})
        SELECT s.span, {day}, u.venue_id, u.category, {sums} FROM card_use u, {SPANS} WHERE u.undone_at IS NULL
        GROUP BY s.span, {day}, u.venue_id, u.category"""))
    # The uses joined to their venue and card once, then grouped by one dimension at a time.
    connection.execute(text("DROP TABLE IF EXISTS stat_recount"))
    connection.execute(text("""CREATE TEMPORARY TABLE stat_recount AS SELECT u.scanned_on, u.category, u.venue_id,
            u.adults, u.children, u.assistants, o.area_id AS venue_area_id, o.municipality_code AS venue_municipality_code,
            c.municipality_code AS card_municipality_code, c.birth_year AS card_birth_year, c.gender AS card_gender,
            c.life_situation AS card_life_situation, c.issuing_site_id AS card_issuing_site_id,
            c.issued_area_id AS card_issued_area_id
        FROM card_use u JOIN organisation o ON o.id = u.venue_id JOIN card c ON c.id = u.card_id
        WHERE u.undone_at IS NULL"""))
    for dim in DIMENSIONS:
        connection.execute(text(_grouped_tally("stat_recount r", "1 = 1", "r.", "r.venue_", "r.card_", "1", dialect,
                                               _dimensions((dim,)))))
    connection.execute(text("DROP TABLE stat_recount"))
    connection.execute(text(f"""INSERT INTO stat_card_year
            (year, card_id, area_id, municipality_code, site_id, {", ".join(CARD_YEAR)})
        SELECT {year}, u.card_id, COALESCE(o.area_id, 0), COALESCE(o.municipality_code, ''),
            COALESCE(min(c.issuing_site_id), 0), count(*), sum(u.adults), sum(u.children)
        FROM card_use u JOIN organisation o ON o.id = u.venue_id JOIN card c ON c.id = u.card_id
        WHERE u.undone_at IS NULL
        GROUP BY {year}, u.card_id, COALESCE(o.area_id, 0), COALESCE(o.municipality_code, '')"""))
    # Grouped once and joined, not a subquery per card: a million cards would each read their uses.
    connection.execute(text("UPDATE card SET registered_on = NULL, first_used_on = NULL "
                            "WHERE registered_on IS NOT NULL OR first_used_on IS NOT NULL"))
    connection.execute(text(f"""UPDATE card SET registered_on = r.day FROM (SELECT card_id, max(on_date) AS day
        FROM card_event WHERE action IN {REGISTRATION_ACTIONS} GROUP BY card_id) r WHERE card.id = r.card_id"""))
    connection.execute(text("""UPDATE card SET first_used_on = f.day FROM (SELECT card_id, min(scanned_on) AS day
        FROM card_use WHERE undone_at IS NULL GROUP BY card_id) f WHERE card.id = f.card_id"""))


@event.listens_for(db.metadata, "after_create")
def _install_with_tables(_metadata, connection: Connection, **_kw) -> None:
    """`db.create_all()` (tests, a fresh embedded database) gets the triggers with the tables."""
    install(connection)
