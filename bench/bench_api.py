"""API throughput and latency under gunicorn (2 workers) on SQLite and PostgreSQL, 10,000 cards.

Prints requests/second and p50/p99 latency for the card check and for recording a use (API key), in
the same run as two reference endpoints on the same server (bench/bench_wsgi.py): the framework's
ceiling (a one-line endpoint) and the database's floor (one indexed SELECT by primary key), with the
ratios of the card check and of recording a use to both. Targets (issue 17): card check >= 70 % of
the floor's req/s, recording >= 40 %, p99 < 50 ms at 16 connections. Needs `wrk` (Debian package)
and, for the PostgreSQL run, a server at BENCH_DATABASE_URL (default: the local `postgres` user's
`bench` database, dropped and made again).
"""
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench")
CARDS = 10_000
DURATION = os.environ.get("BENCH_SECONDS", "2")  # per round
# The four endpoints take turns, round after round, and each figure is the median of its rounds: a
# machine busy with something else for a while then weighs on every endpoint alike, not on one. Many
# short rounds rather than a few long ones: on a shared machine one endpoint's round could be slowed
# to half by a neighbour, and with nine rounds such a round is an outlier the median leaves out.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_postgres() -> bool:
    import psycopg

    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    name = PG_URL.rsplit("/", 1)[1]
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as err:
        print(f"PostgreSQL not reachable ({err}); skipping that run.")
        return False
    return True


def seed(database_url: str, workdir: Path) -> tuple[str, str]:
    """Schema by migration, then 10,000 registered cards; returns (api key, card list file)."""
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    os.environ["DATABASE_URL"] = database_url
    from app import create_app
    from app.auth.principal import create_api_key
    from app.cards import ids
    from app.extensions import db
    from app.models import Card
    from app.models.base import helsinki_date, utcnow
    from app.network.organisations import create_organisation

    app = create_app(SQLALCHEMY_DATABASE_URI=re.sub(r"^postgresql://", "postgresql+psycopg://", database_url))
    with app.app_context():
        distributor = create_organisation(kind="distributor", name="Bench jakaja", municipality_code="858")
        venue = create_organisation(kind="venue", name="Bench teatteri", municipality_code="858")
        key = create_api_key(venue)
        today = helsinki_date(utcnow())
        card_ids = [ids.generate() for _ in range(CARDS)]
        rows = [{"id": c, "lookup_key": ids.legacy_key(c), "kind": "client", "state": "active",
                 "issuing_site_id": distributor.id, "issued_area_id": distributor.area_id,
                 "issued_on": today - timedelta(days=random.randint(0, 300)),
                 "valid_until": today + timedelta(days=random.randint(60, 365)), "birth_year": 1980,
                 "postcode": "04300", "municipality_code": "858", "children": 2} for c in card_ids]
        db.session.execute(Card.__table__.insert(), rows)
        db.session.commit()
        db.engine.dispose()
    cards_file = workdir / "cards.txt"
    cards_file.write_text("\n".join(card_ids) + "\n")
    return key, str(cards_file)


def wrk(url: str, script: Path | None, env: dict, seconds: str = DURATION) -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run(cmd + [url], env=env, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": ms("50"), "p99": ms("99"), "non2xx": int(errors.group(1)) if errors else 0}


def median_of(results: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def run(label: str, database_url: str) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="kk-bench-"))
    key, cards_file = seed(database_url, workdir)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "RATELIMIT_ENABLED": "0", "COOKIE_SECURE": "0"}
    # gunicorn.conf.py as in production (threads, access log, metrics), with two worker processes; its
    # output goes to a file, shown if the run fails.
    server_log = open(workdir / "server.log", "w")
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "bench.bench_wsgi:app"], cwd=ROOT, env=env,
                              stdout=server_log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        check_script = workdir / "check.lua"
        card = Path(cards_file).read_text().split()[0]
        check_script.write_text(f'wrk.headers["Authorization"] = "Bearer {key}"\n')
        wenv = {**os.environ, "BENCH_KEY": key, "BENCH_CARDS": cards_file}
        endpoints = {"ceiling": (f"{base}/bench/ping", None), "floor": (f"{base}/bench/floor/{card}", None),
                     "check": (f"{base}/api/v1/cards/{card}", check_script),
                     "record": (base, ROOT / "bench/record_use.lua")}
        for url, script in endpoints.values():
            wrk(url, script, wenv, seconds="1")  # warm both workers up
        rounds = [{name: wrk(url, script, wenv) for name, (url, script) in endpoints.items()} for _ in range(ROUNDS)]
        for number, r in enumerate(rounds, 1):
            print(f"{label} round {number}: " + ", ".join(f"{name} {r[name]['rps']:.0f}/s" for name in endpoints)
                  + f"; check {r['check']['rps'] / r['floor']['rps']:.0%} and record "
                  f"{r['record']['rps'] / r['floor']['rps']:.0%} of floor", flush=True)
        ceiling, floor, check, record = (median_of([r[name] for r in rounds]) for name in endpoints)
    except Exception:
        print((workdir / "server.log").read_text()[-5000:])
        raise
    finally:
        server.terminate()
        server.wait(timeout=10)
        server_log.close()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n{label}: gunicorn 2 workers, {CARDS} registered cards, wrk {CONNECTIONS} connections, "
          f"median of {ROUNDS} rounds of {DURATION} s")
    print(f"{'endpoint':<30}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs ceiling':>12}{'vs floor':>10}"
          f"{'non-2xx':>9}")
    rows = (("ceiling: one-line endpoint", ceiling), ("floor: one SELECT by key", floor),
            ("card check (GET)", check), ("record a use (POST)", record))
    for name, r in rows:
        print(f"{name:<30}{r['rps']:>9.0f}{r['p50']:>9.2f}{r['p99']:>9.2f}{r['rps'] / ceiling['rps']:>11.0%}"
              f"{r['rps'] / floor['rps']:>10.0%}{r['non2xx']:>9}")
    # Each round's ratio is taken between endpoints measured minutes apart at most; the median of those.
    ratios = {name: statistics.median(r[name]["rps"] / r["floor"]["rps"] for r in rounds) for name in ("check", "record")}
    targets = ((check, ratios["check"], 0.70, "card check"), (record, ratios["record"], 0.40, "record a use"))
    verdicts = [f"{what} {ratio:.0%} of floor (target {goal:.0%}, p99 {r['p99']:.0f} ms) "
                f"{'met' if ratio >= goal and r['p99'] < 50 else 'NOT met'}"
                for r, ratio, goal, what in targets]
    print(f"{label} targets: " + "; ".join(verdicts))


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    if "sqlite" in wanted:
        sqlite_dir = Path(tempfile.mkdtemp(prefix="kk-bench-db-"))
        run("SQLite", f"sqlite:///{sqlite_dir / 'bench.sqlite'}")
    if "postgresql" in wanted and prepare_postgres():
        run("PostgreSQL", PG_URL)


if __name__ == "__main__":
    main()
