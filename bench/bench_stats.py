"""Time each statistics dashboard's queries at national scale, next to the floor.

    python bench/bench_stats.py [--database-url URL] [--runs 20] [--build] [--scale 1.0]

Against the database bench/stats_dataset.py built (`--build` builds it first), for each dashboard
(the whole country, the biggest area, the busiest venue, the distributor site with most cards)
it runs the statistics functions that dashboard shows (as app/dashboards/sections.py calls them,
for the current year) RUNS times and prints p50/p95, next to the floor: `SELECT count(*)` over
the uses table on the same database. Then it records a use through the desk
(app.cards.desk.record_use) and checks that the venue's next count is one higher: the figures are
live, nothing is cached.
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stats_dataset import DEFAULT_URL, build, plain_url  # noqa: E402

TARGETS_MS = {"national": 500, "area": 200, "venue": 100, "site": 100}
Call = tuple[str, Callable[[], object]]


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) of `samples`, nearest rank."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[math.ceil(0.95 * len(ordered)) - 1]


def time_ms(work: Callable[[], object], runs: int) -> list[float]:
    """Wall-clock milliseconds of `runs` calls of `work`, after one untimed call (warm caches)."""
    work()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def floor_query(runs: int) -> list[float]:
    from sqlalchemy import text

    from app.extensions import db

    return time_ms(lambda: db.session.execute(text("SELECT count(*) FROM card_use")).scalar(), runs)


def dashboard_calls(kind: str, period, scope, today: date) -> list[Call]:
    """The statistics a dashboard of this kind shows, as app/dashboards/sections.py asks for them."""
    from app.stats import breakdowns as b, events, national, registrations

    common = [("national_table", lambda: national.national_table(period, scope)),
              ("rates", lambda: national.rates(period, scope)),
              ("uses_by_month", lambda: b.uses_by_month(period, scope))]
    holders = [("uses_by_age_group", lambda: b.uses_by_age_group(period, scope)),
               ("uses_by_gender", lambda: b.uses_by_gender(period, scope)),
               ("uses_by_life_situation", lambda: b.uses_by_life_situation(period, scope)),
               ("uses_by_home_municipality", lambda: b.uses_by_home_municipality(period, scope))]
    usage = [("uses_by_venue_municipality", lambda: b.uses_by_venue_municipality(period, scope)),
             ("uses_by_venue", lambda: b.uses_by_venue(period, scope))]
    quotas = [("event_quotas", lambda: events.event_quotas(period, scope)),
              ("refusals_by_reason", lambda: events.refusals_by_reason(period, scope))]
    renewals = [("renewals_due_count", lambda: registrations.renewals_due_count(today, scope))]
    if kind == "venue":
        return common + quotas
    if kind == "site":
        return common + renewals + usage + holders
    region = common + renewals + usage + [
        ("registrations_by_site", lambda: registrations.registrations_by_site(period, scope)),
        ("uses_by_site", lambda: b.uses_by_site(period, scope))]
    if kind == "area":
        region.append(("cross_area_use", lambda: b.cross_area_use(period, scope.key)))
    return region + holders + quotas


def pick_scopes(year_start) -> dict[str, object]:
    """The whole country, the area with most cards, the venue with most uses this year and the
    distributor site with most cards."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Card, Use
    from app.stats.scope import Scope

    area = db.session.scalar(select(Card.issued_area_id).group_by(Card.issued_area_id)
                             .order_by(func.count().desc()).limit(1))
    venue = db.session.scalar(select(Use.venue_id).where(Use.scanned_at >= year_start).group_by(Use.venue_id)
                              .order_by(func.count().desc()).limit(1))
    site = db.session.scalar(select(Card.issuing_site_id).group_by(Card.issuing_site_id)
                             .order_by(func.count().desc()).limit(1))
    return {"national": Scope.national(), "area": Scope.area(area), "venue": Scope.venue(venue),
            "site": Scope.site(site)}


def check_live(scope, period) -> tuple[int, int]:
    """Record a use at the venue through the desk and count again: (before, after)."""
    from sqlalchemy import select

    from app.cards import desk
    from app.core.audit import Actor
    from app.extensions import db
    from app.models import Card, Organisation
    from app.models.base import helsinki_date, utcnow
    from app.stats import national

    def people() -> int:
        table = national.national_table(period, scope)
        return table["uses_adults"] + table["uses_children"]

    before = people()
    today = helsinki_date(utcnow())
    card = db.session.scalars(select(Card).where(Card.state == "active", Card.valid_until >= today,
                                                 Card.issued_on <= today).order_by(Card.id).limit(1)).one()
    venue = db.session.get(Organisation, scope.key)
    use, verdict = desk.record_use({"client_scan_id": f"bench-live-{uuid.uuid4().hex[:16]}", "card": card.id,
                                    "confirm_repeat": True}, venue=venue, actor=Actor())
    if use is None:
        raise SystemExit(f"The desk refused the benchmark's use: {verdict}")
    db.session.commit()
    return before, people()


def run(database_url: str, runs: int) -> dict:
    from app import create_app
    from app.extensions import db
    from app.models.base import helsinki_date, utcnow
    from app.stats.period import Period

    app = create_app(SQLALCHEMY_DATABASE_URI=database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    today = helsinki_date(utcnow())
    period = Period.year(today.year)
    results: dict = {"runs": runs, "year": today.year, "dashboards": {}}
    with app.test_request_context():
        results["floor"] = percentiles(floor_query(runs))
        results["uses"] = db.session.execute(db.text("SELECT count(*) FROM card_use")).scalar()
        for kind, scope in pick_scopes(period.starts_at).items():
            calls = dashboard_calls(kind, period, scope, today)
            total = percentiles(time_ms(lambda: [work() for _, work in calls], runs))
            each = {name: percentiles(time_ms(work, max(3, runs // 4)))[0] for name, work in calls}
            results["dashboards"][kind] = {"scope": scope.token, "p50_p95": total, "each": each}
        venue_scope = pick_scopes(period.starts_at)["venue"]
        results["live"] = check_live(venue_scope, period)
        db.session.remove()
    return results


def report(results: dict) -> None:
    floor50, floor95 = results["floor"]
    print(f"\nStatistics dashboards, {results['year']} so far, {results['uses']:,} uses in the database, "
          f"{results['runs']} runs each")
    print(f"{'dashboard':<12}{'scope':<14}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}{'target':>9}"
          f"{'x floor':>9}  verdict")
    print(f"{'floor':<12}{'count(*)':<14}{1:>8}{floor50:>9.0f}{floor95:>9.0f}{'':>9}{1:>9.1f}")
    for kind, found in results["dashboards"].items():
        p50, p95 = found["p50_p95"]
        target = TARGETS_MS[kind]
        print(f"{kind:<12}{found['scope']:<14}{len(found['each']):>8}{p50:>9.0f}{p95:>9.0f}{target:>9}"
              f"{p50 / floor50:>9.1f}  {'ok' if p95 < target else 'over target'}")
    print("\nSlowest statistics functions (p50 ms):")
    for kind, found in results["dashboards"].items():
        slowest = sorted(found["each"].items(), key=lambda item: -item[1])[:4]
        print(f"  {kind:<10}" + ", ".join(f"{name} {ms:.0f}" for name, ms in slowest))
    before, after = results["live"]
    print(f"\nLive: the venue's people admitted were {before:,}; after one use recorded through the desk, "
          f"{after:,} ({'+1, ok' if after == before + 1 else 'NOT live'}).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--build", action="store_true", help="build the dataset first")
    parser.add_argument("--scale", type=float, default=1.0, help="with --build")
    args = parser.parse_args()
    if args.build:
        build(args.database_url, scale=args.scale)
    report(run(plain_url(args.database_url), args.runs))


if __name__ == "__main__":
    main()
