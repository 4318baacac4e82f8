"""Rows for the statistics tests: cards and uses made directly, with dates and categories the
tests choose. Expected figures are counted from these rows in the tests, never through app.stats."""
import itertools
from datetime import date, datetime

from app.extensions import db
from app.models import Use
from tests.factories import ActiveCardFactory

YEAR = 2024
_scan = itertools.count(1)


def make_card(site, on: date, *, home: str | None = None, gender: str | None = None, birth_year: int = 1980):
    card = ActiveCardFactory.create(site, issued_on=on)
    card.municipality_code, card.gender, card.birth_year = home or site.municipality_code, gender, birth_year
    db.session.flush()
    return card


def make_use(card, venue, at: datetime, *, category: str = "culture", adults: int = 1, children: int = 0,
             assistants: int = 0, undone: bool = False, event=None) -> Use:
    use = Use(client_scan_id=f"stats-{next(_scan):06d}", card_id=card.id, venue_id=venue.id, scanned_at=at,
              category=category, adults=adults, children=children, assistants=assistants, source="manual",
              undone_at=at if undone else None, event_id=event.id if event else None)
    db.session.add(use)
    db.session.flush()
    return use


def build_data(world):
    """Cards from two areas' sites, uses at venues of both areas in YEAR, the year before and an undone one."""
    cards = {
        "a1": make_card(world.distributor, date(YEAR, 2, 1), gender="woman"),
        "a2": make_card(world.distributor, date(YEAR, 6, 1), home="186", gender="man"),
        "a3": make_card(world.distributor, date(YEAR, 12, 31)),  # never used
        "a_old": make_card(world.distributor, date(YEAR - 1, 5, 1)),
        "b1": make_card(world.other_distributor, date(YEAR, 3, 3)),
        "b_undone": make_card(world.other_distributor, date(YEAR, 3, 4)),
    }
    uses = [
        make_use(cards["a1"], world.venue, datetime(YEAR, 2, 2, 10), adults=1, children=2),
        make_use(cards["a1"], world.venue, datetime(YEAR, 3, 2, 10), category="sports", assistants=1),
        make_use(cards["a2"], world.other_venue, datetime(YEAR, 7, 1, 12), category="science", children=1),
        make_use(cards["a_old"], world.venue, datetime(YEAR, 1, 5, 12), category="education"),
        make_use(cards["a_old"], world.venue, datetime(YEAR - 1, 6, 5, 12)),
        make_use(cards["b1"], world.venue, datetime(YEAR, 4, 4, 12), children=3),
        make_use(cards["b1"], world.other_venue, datetime(YEAR, 4, 5, 12)),
        make_use(cards["b_undone"], world.other_venue, datetime(YEAR, 4, 5, 13), adults=1, children=1, undone=True),
        # 31 December 23:30 in Helsinki is still YEAR; 1 January 00:30 in Helsinki is the next year.
        make_use(cards["b1"], world.other_venue, datetime(YEAR, 12, 31, 21, 30)),
        make_use(cards["b1"], world.other_venue, datetime(YEAR, 12, 31, 22, 30)),
    ]
    db.session.commit()
    return world, cards, uses


def helsinki_year(at: datetime) -> int:
    return at.year + (1 if (at.month, at.day, at.hour) >= (12, 31, 22) else 0)  # UTC+2 in winter


def expected(uses, cards, year, *, use_ok=lambda u: True, card_ok=lambda c: True):
    counted = [u for u in uses if u.undone_at is None and helsinki_year(u.scanned_at) == year and use_ok(u)]
    registered = [c for c in cards.values() if c.issued_on.year == year and card_ok(c)]
    used_ever = {u.card_id for u in uses if u.undone_at is None}
    by_category = {k: {"adults": 0, "children": 0} for k in ("culture", "education", "science", "sports")}
    for u in counted:
        by_category[u.category]["adults"] += u.adults
        by_category[u.category]["children"] += u.children
    return {"cards_registered": len(registered),
            "cards_taken_into_use": sum(1 for c in registered if c.id in used_ever),
            "uses_adults": sum(u.adults for u in counted), "uses_children": sum(u.children for u in counted),
            "uses_by_category": by_category}
