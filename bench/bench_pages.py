"""Signed-in pages and the API at national scale: p50/p99 of each page on two PostgreSQL databases
built by bench/stats_dataset.py, a small one and the national one, side by side (issue 17: p99 at
national scale within 1.5x of the small database's).

    python bench/bench_pages.py --small URL --large URL [--requests 30] [--audit-entries 75000]

Each database gets only what people would add by using the app: one person per role (the national
admin, the coordinator of the area with most organisations, the distributor site with most cards, the
venue with most uses) with their sign-in sessions, an API key for that venue and the few uses the
"record a use" rows record. With --audit-entries the audit log is filled up to that many entries, a
year's worth spread over the areas (the dataset has none) - for a copy of the dataset, not the one
others measure. Requests go through the app in this process (Flask's test client), one at a time, the two
databases taking turns request by request.
"""
import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.principal import create_api_key  # noqa: E402
from app.config import Config, TestConfig  # noqa: E402
from app.core.labels import AUDIT_ACTION  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Area, AuditEntry, Card, Organisation, Use, User  # noqa: E402
from tests import factories  # noqa: E402
from tests.conftest import csrf_from  # noqa: E402

PAGES = {
    "venue": ["/scan", "/stats"],
    "distributor": ["/issue", "/issue/figures", "/issue/stock", "/stats"],
    "coordinator": ["/admin", "/admin/audit", "/admin/stock", "/stats"],
    "national_admin": ["/admin", "/admin/audit", "/admin/audit?action=org_approved", "/stats"],
}


def app_for(url: str):
    # The test settings (plain HTTP cookies, no mail, no job ticks) with the production engine options.
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url.replace("postgresql://", "postgresql+psycopg://", 1),
                      SQLALCHEMY_ENGINE_OPTIONS=Config.SQLALCHEMY_ENGINE_OPTIONS, RATELIMIT_ENABLED=False)


def busiest(column, model=Organisation, where=()):
    return db.session.scalar(select(column).where(*where).group_by(column).order_by(func.count().desc()).limit(1))


def people(app, audit_entries: int) -> dict:
    """The people (e-mail per role), an API key and a card to check, made once per database."""
    with app.app_context():
        venue = db.session.get(Organisation, busiest(Use.venue_id))
        site = db.session.get(Organisation, busiest(Card.issuing_site_id, where=(Card.issuing_site_id.is_not(None),)))
        area = db.session.get(Area, busiest(Organisation.area_id))
        emails = {"national_admin": "bench-national@example.fi", "coordinator": "bench-coordinator@example.fi",
                  "distributor": "bench-distributor@example.fi", "venue": "bench-venue@example.fi"}
        scopes = {"national_admin": {}, "coordinator": {"area_obj": area}, "distributor": {"org": site},
                  "venue": {"org": venue}}
        for role, email in emails.items():
            if db.session.scalar(select(User.id).where(User.email == email)) is None:
                factories.user(role, email=email, **scopes[role])
        key = create_api_key(venue)
        card = db.session.scalar(select(Card.id).where(Card.state == "active", Card.valid_until > func.current_date())
                                 .limit(1))
        fill_audit_log(audit_entries)
        db.session.commit()
        db.session.execute(text("ANALYZE audit_entry"))
        db.session.commit()
    return {"emails": emails, "key": key, "card": card}


def fill_audit_log(wanted: int) -> None:
    have = db.session.scalar(select(func.count()).select_from(AuditEntry))
    if have >= wanted:
        return
    area_ids = list(db.session.scalars(select(Area.id)))
    actions = sorted(AUDIT_ACTION)
    db.session.execute(text(
        "INSERT INTO audit_entry (at, action, target_type, target_id, area_id, details) "
        "SELECT now() - make_interval(mins => n * 7), (CAST(:actions AS text[]))[1 + n % :n_actions], 'organisation', "
        "n::text, (CAST(:areas AS integer[]))[1 + n % :n_areas], '{}' FROM generate_series(1, :count) AS n"),
        {"actions": actions, "n_actions": len(actions), "areas": area_ids, "n_areas": len(area_ids),
         "count": wanted - have})


def percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"p50": statistics.median(times), "p99": times[min(len(times) - 1, int(len(times) * 0.99))]}


def senders(app, who: dict) -> dict:
    """Page name -> a function that asks for it once (signed in as the page's person)."""
    found = {}
    api = app.test_client()
    headers = {"Authorization": f"Bearer {who['key']}"}
    found["API card check"] = lambda: api.get(f"/api/v1/cards/{who['card']}", headers=headers)
    found["API record a use"] = lambda: api.post("/api/v1/uses", headers=headers, json={
        "card": who["card"], "client_scan_id": str(uuid.uuid4()), "source": "manual", "confirm_repeat": True})
    for role, urls in PAGES.items():
        client = app.test_client()
        token = csrf_from(client.get("/login").get_data(as_text=True))
        signed_in = client.post("/login", data={"email": who["emails"][role], "password": factories.PASSWORD,
                                                "csrf_token": token})
        assert signed_in.status_code == 302, signed_in.get_data(as_text=True)[-1500:]
        for url in urls:
            found[f"{role} {url}"] = lambda url=url, client=client: client.get(url)
    return found


def measure(both: dict[str, dict], count: int) -> dict[str, dict[str, dict[str, float]]]:
    """The two databases take turns request by request, so that a machine busy for a while weighs on both."""
    results: dict[str, dict[str, dict[str, float]]] = {name: {} for name in both}
    for page in both["small"]:
        times: dict[str, list[float]] = {name: [] for name in both}
        for number in range(count + 3):
            for name, sends in both.items():
                started = time.perf_counter()
                response = sends[page]()
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code in (200, 201), (page, response.status_code)
                if number >= 3:  # the first three warm up
                    times[name].append(elapsed)
        for name in both:
            results[name][page] = percentiles(times[name])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", required=True, help="database URL of the small dataset")
    parser.add_argument("--large", required=True, help="database URL of the national-scale dataset")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--audit-entries", type=int, default=0, help="fill the audit log up to this many")
    args = parser.parse_args()
    both, cards = {}, {}
    for name, url in (("small", args.small), ("large", args.large)):
        app = app_for(url)
        who = people(app, args.audit_entries if name == "large" else args.audit_entries // 100)
        with app.app_context():
            cards[name] = db.session.scalar(select(func.count()).select_from(Card))
        both[name] = senders(app, who)
    results = measure(both, args.requests)
    print(f"\n{args.requests} requests each, one at a time, the databases taking turns; "
          f"{cards['small']:,} vs {cards['large']:,} cards")
    print(f"{'page':<48}{'small p50':>10}{'p99':>8}{'large p50':>11}{'p99':>8}{'p99 x':>8}")
    for page, fast in results["small"].items():
        slow = results["large"][page]
        print(f"{page:<48}{fast['p50']:>10.1f}{fast['p99']:>8.1f}{slow['p50']:>11.1f}{slow['p99']:>8.1f}"
              f"{slow['p99'] / fast['p99']:>8.2f}")


if __name__ == "__main__":
    main()
