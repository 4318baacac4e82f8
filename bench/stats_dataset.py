"""Build a national-scale statistics dataset on PostgreSQL, in bulk, reproducibly.

    python bench/stats_dataset.py [--database-url URL] [--scale 1.0] [--seed 0.42] [--until YYYY-MM-DD]

At scale 1: 1,000,000 registered cards and 5,000,000 uses over ten years up to `--until` (today),
the 308 municipalities of the reference data in 22 areas (one per wellbeing county; Åland and
about one small municipality in seven do not take part), 5,000 organisations (distributors and
venues). Big towns get most organisations, cards and uses; uses peak in summer and grow over the
years; some uses bring children or an assistant, 1 % are undone, busy venue-days become events
with a quota (a third of them full), and refused scans carry their reasons.

Everything is generated inside PostgreSQL with INSERT ... SELECT over generate_series and
random() after setseed, so the same seed and day give the same data. The schema is the app's own
(`flask db upgrade`). The secondary indexes of the big tables are dropped while loading and built
again afterwards; foreign keys are not checked during the load (session_replication_role).

The database is created when it does not exist. A database that already holds tables is used only
when this script built it (it marks its schema), and is then emptied first; anything else is refused.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.cards import ids  # noqa: E402
from app.models.base import helsinki_date, utcnow  # noqa: E402
from bench import stats_dataset_sql as sql  # noqa: E402

DEFAULT_URL = os.environ.get("BENCH_STATS_DATABASE_URL",
                             "postgresql://postgres@127.0.0.1:5432/kaikukanta_bench")
MARKER = "kaikukanta statistics benchmark dataset"
BIG_TABLES = ("card", "card_event", "card_use", "event", "refused_scan")
TOTALS_TABLES = ("stat_use_day", "stat_use_tally", "stat_card_year")
YEARS = 10


def plain_url(url: str) -> str:
    """psycopg wants postgresql://; the app's settings also accept postgres:// and +psycopg."""
    return url.replace("postgresql+psycopg://", "postgresql://").replace("postgres://", "postgresql://", 1)


@contextmanager
def step(name: str, timings: list[tuple[str, float]], quiet: bool = False):
    started = time.perf_counter()
    yield
    seconds = time.perf_counter() - started
    timings.append((name, seconds))
    if not quiet:
        print(f"  {name:<50}{seconds:>8.1f} s", flush=True)


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def claim_schema(conn: psycopg.Connection) -> None:
    """Empty the schema when it is ours or holds no tables; refuse a database with other data."""
    tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    marker = conn.execute("SELECT obj_description('public'::regnamespace, 'pg_namespace')").fetchone()[0]
    if tables and marker != MARKER:
        raise SystemExit("Refusing: this database already holds tables that this benchmark did not "
                         "build. Point --database-url at a new or benchmark-only database.")
    conn.execute("DROP SCHEMA public CASCADE")
    conn.execute("CREATE SCHEMA public")
    conn.execute(f"COMMENT ON SCHEMA public IS '{MARKER}'")


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"flask db upgrade failed:\n{done.stderr}")


def card_id_sql(number: str) -> tuple[str, str]:
    """SQL for (printed id, lookup key) of card `number`: the number times an odd constant modulo
    2^40 (a bijection, so ids never collide) as eight characters of the ID alphabet, with the
    real Damm check character, so every generated card can be scanned."""
    value = f"mod(({number})::bigint * 2654435761, 1099511627776)"
    digits = [f"(({value} >> {5 * (7 - k)}) & 31)::int" for k in range(8)]
    interim = "0"
    for digit in digits:
        interim = f"k.damm[{interim} * 32 + {digit} + 1]"
    chars = [f"substr(k.alphabet, {d} + 1, 1)" for d in digits]
    check = f"substr(k.checks, {interim} + 1, 1)"
    key = " || ".join([f"'{ids.PREFIX}'", *chars, check])
    printed = " || ".join([f"'{ids.PREFIX}-'", *chars[:4], "'-'", *chars[4:], check])
    return printed, key


def id_constants() -> str:
    """A one-row relation `k` with the Damm table, the alphabet and the check character per interim."""
    damm = ",".join(str(ids.DAMM[x][y]) for x in range(ids.M) for y in range(ids.M))
    checks = "".join(next(c for c in ids.ALPHABET if ids.DAMM[i][ids.VALUE[c]] == 0) for i in range(ids.M))
    return f"(SELECT '{{{damm}}}'::int[] AS damm, '{ids.ALPHABET}'::text AS alphabet, '{checks}'::text AS checks) k"


def drop_secondary_indexes(conn: psycopg.Connection) -> list[str]:
    """Drop the non-constraint indexes and unique constraints of the big tables; returns the SQL
    that builds them again."""
    rebuild = []
    for name, table, definition in conn.execute(
            "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'u' AND conrelid::regclass::text = ANY(%s)", (list(BIG_TABLES),)).fetchall():
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for name, definition in conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
            "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname)", (list(BIG_TABLES),)).fetchall():
        conn.execute(f'DROP INDEX "{name}"')
        rebuild.append(definition)
    return rebuild


def recount_totals(url: str) -> None:
    """The load ran without triggers: count the statistics totals once from the rows."""
    from sqlalchemy import create_engine

    from app.stats import summary_sql

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.exec_driver_sql("SET work_mem = '256MB'")
        summary_sql.rebuild(connection)
    engine.dispose()


def build(url: str, scale: float = 1.0, seed: float = 0.42, until: date | None = None,
          quiet: bool = False) -> dict[str, int]:
    """Build the dataset; returns the row count of each table it filled."""
    url = plain_url(url)
    until = until or helsinki_date(utcnow())
    cards, uses = max(1, round(1_000_000 * scale)), max(1, round(5_000_000 * scale))
    organisations = max(1, round(5_000 * scale))
    timings: list[tuple[str, float]] = []
    total = time.perf_counter()
    if not quiet:
        print(f"Building the statistics dataset: scale {scale:g} ({cards:,} cards, {uses:,} uses, "
              f"up to {organisations:,} organisations), ten years up to {until}")
    with step("database and schema (flask db upgrade)", timings, quiet):
        ensure_database(url)
        with psycopg.connect(url, autocommit=True) as conn:
            claim_schema(conn)
        migrate(url)
    params = {"cards": cards, "uses": uses, "organisations": organisations, "until": until,
              "start": date(until.year - YEARS, until.month, min(until.day, 28)), "seed": seed}
    with psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor) as conn:
        conn.execute("SET work_mem = '256MB'")
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute("SET session_replication_role = replica")  # no foreign-key triggers while loading
        conn.execute("SELECT setseed(%s)", (seed,))
        rebuild = drop_secondary_indexes(conn)
        printed, key = card_id_sql("c.n")
        for name, statements in sql.steps(printed=printed, key=key, constants=id_constants()):
            with step(name, timings, quiet):
                for statement in statements:
                    conn.execute(statement, params)
                    if statement.startswith("CREATE TEMP TABLE"):  # temporary tables are never auto-analysed
                        conn.execute(f"ANALYZE {statement.split()[3]}")
        with step("indexes and constraints", timings, quiet):
            for statement in rebuild:
                conn.execute(statement)
            conn.execute("SET session_replication_role = origin")
        with step("statistics totals (app/stats/summary_sql.py)", timings, quiet):
            recount_totals(url)
        with step("vacuum analyze", timings, quiet):
            for table in ("area", "municipality", "organisation", *BIG_TABLES, *TOTALS_TABLES):
                conn.execute(f"VACUUM (ANALYZE) {table}")
        counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("area", "municipality", "organisation", *BIG_TABLES)}
    if not quiet:
        print(f"  {'total':<50}{time.perf_counter() - total:>8.1f} s")
        print("  rows: " + ", ".join(f"{table} {count:,}" for table, count in counts.items()))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1,000,000 cards, 5,000,000 uses")
    parser.add_argument("--seed", type=float, default=0.42, help="for setseed(), from -1 to 1")
    parser.add_argument("--until", type=date.fromisoformat, default=None, help="last day (default today)")
    args = parser.parse_args()
    build(args.database_url, scale=args.scale, seed=args.seed, until=args.until)


if __name__ == "__main__":
    main()
