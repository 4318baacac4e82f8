"""The dashboards at /stats for every role: the figures on the page (read back from its tables) match
counts this test makes itself from the rows it created; nobody picks a scope outside theirs; the
period picker changes the figures; Finnish by default."""
import itertools
from datetime import date, datetime, timedelta
from html.parser import HTMLParser

import pytest

from app.extensions import db
from app.models import Card, Event, RefusedScan, Use
from tests.conftest import post_form
from tests.factories import ActiveCardFactory, today

pytestmark = pytest.mark.db
YEAR = 2024
_scan = itertools.count(1)


class Page(HTMLParser):
    """The key figures (data-figure) and every table (data-table) of a page, as text."""

    def __init__(self, html: str):
        super().__init__()
        self.figures, self.tables, self.panels, self.rows = {}, {}, [], {}
        self._figure = self._table = self._cell = None
        self._row: list[str] | None = None
        self._in_value = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-panel" in attrs:
            self.panels.append(attrs["data-panel"])
        if tag == "li" and "data-figure" in attrs:
            self._figure = attrs["data-figure"]
        if tag == "span" and attrs.get("class") == "key-figure-value" and self._figure:
            self._in_value, self.figures[self._figure] = True, ""
        if tag == "table" and "data-table" in attrs:
            self._table = self.tables.setdefault(attrs["data-table"], [])
        if tag == "tr" and self._table is not None:
            self._row = []
            if "data-row" in attrs:
                self.rows[attrs["data-row"]] = self._row
        if tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "span" and self._in_value:
            self._in_value, self._figure = False, None
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        if tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        if tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._in_value:
            self.figures[self._figure] += data
        if self._cell is not None:
            self._cell += data

    def number(self, key: str) -> int:
        return as_int(self.figures[key])

    def column(self, key: str, index: int = 1) -> dict[str, int | str]:
        """A table's rows (header row left out) as {first cell: the cell in column `index`}."""
        rows = self.tables[key][1:]
        return {row[0]: as_int(row[index]) if row[index] != "<5" else "<5" for row in rows}


def as_int(text: str) -> int:
    return int(text.replace("\xa0", "").replace("\u202f", "").replace(" ", "").replace(",", ""))


def make_card(site, on: date, *, gender: str | None = None) -> Card:
    card = ActiveCardFactory.create(site, issued_on=on)
    card.gender = gender
    db.session.flush()
    return card


def make_use(card, venue, at: datetime, *, category="culture", adults=1, children=0, undone=False) -> Use:
    use = Use(client_scan_id=f"dash-{next(_scan):06d}", card_id=card.id, venue_id=venue.id, scanned_at=at,
              category=category, adults=adults, children=children, source="manual",
              undone_at=at if undone else None)
    db.session.add(use)
    db.session.flush()
    return use


@pytest.fixture
def data(world):
    """Cards of two areas' sites; uses in YEAR and the year before at a venue of each area; an undone use.
    world.venue is in Järvenpää (186, Keski-Uusimaa), world.other_venue in Oulu (564)."""
    ours = [make_card(world.distributor, date(YEAR, month, 10), gender="woman") for month in (1, 2, 3)]
    theirs = [make_card(world.other_distributor, date(YEAR, 5, 5))]
    old = make_card(world.distributor, date(YEAR - 1, 4, 4))
    uses = [
        make_use(ours[0], world.venue, datetime(YEAR, 1, 15, 10), adults=1, children=2),
        make_use(ours[0], world.venue, datetime(YEAR, 2, 15, 10), category="sports"),
        make_use(ours[1], world.other_venue, datetime(YEAR, 6, 1, 10), children=1),
        make_use(theirs[0], world.venue, datetime(YEAR, 6, 2, 10), category="science", adults=2, children=3),
        make_use(theirs[0], world.other_venue, datetime(YEAR, 7, 2, 10)),
        make_use(theirs[0], world.other_venue, datetime(YEAR, 7, 3, 10), adults=1, children=4, undone=True),
        make_use(old, world.venue, datetime(YEAR - 1, 5, 5, 10), adults=1, children=1),
        make_use(old, world.venue, datetime(YEAR - 1, 6, 5, 10)),
    ]
    db.session.commit()
    return world, ours + theirs + [old], uses


def counted(uses, year, where=lambda use: True):
    return [u for u in uses if u.undone_at is None and u.scanned_at.year == year and where(u)]


def page(client, url) -> Page:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return Page(response.get_data(as_text=True))


def test_national_admin_sees_the_whole_country(login_as, data):
    world, cards, uses = data
    shown = page(login_as("national_admin"), f"/stats?year={YEAR}")
    mine = counted(uses, YEAR)
    assert shown.number("uses") == len(mine) == 5
    assert shown.number("uses_adults") == sum(u.adults for u in mine)
    assert shown.number("uses_children") == sum(u.children for u in mine)
    assert shown.number("cards_registered") == sum(1 for c in cards if c.issued_on.year == YEAR) == 4
    used = {u.card_id for u in uses if u.undone_at is None}
    assert shown.number("cards_taken_into_use") == sum(1 for c in cards if c.issued_on.year == YEAR and c.id in used)
    by_place = shown.column("venue_municipality")
    assert by_place == {"Järvenpää": sum(u.tickets for u in mine if u.venue_id == world.venue.id),
                        "Oulu": sum(u.tickets for u in mine if u.venue_id == world.other_venue.id)}
    categories = shown.column("categories")
    assert categories["Kulttuuri"] == sum(u.tickets for u in mine if u.category == "culture")
    assert categories["Tiede"] == sum(u.tickets for u in mine if u.category == "science")


def test_national_admin_may_pick_an_area_or_a_municipality(login_as, data):
    world, _cards, uses = data
    client = login_as("national_admin")
    oulu = page(client, f"/stats?year={YEAR}&scope=area:{world.other_area.id}")
    assert oulu.number("uses") == len(counted(uses, YEAR, lambda u: u.venue_id == world.other_venue.id))
    jarvenpaa = page(client, f"/stats?year={YEAR}&scope=municipality:186")
    assert jarvenpaa.number("uses") == len(counted(uses, YEAR, lambda u: u.venue_id == world.venue.id))


def test_coordinator_sees_their_area_and_each_municipality(login_as, data):
    world, cards, uses = data
    client = login_as("coordinator")
    shown = page(client, f"/stats?year={YEAR}")
    at_ours = counted(uses, YEAR, lambda u: u.venue_id == world.venue.id)
    assert shown.number("uses") == len(at_ours) == 3
    assert shown.number("uses_children") == sum(u.children for u in at_ours)
    assert shown.number("cards_registered") == sum(
        1 for c in cards if c.issued_on.year == YEAR and c.issuing_site_id == world.distributor.id)
    assert shown.column("venue_municipality") == {"Järvenpää": sum(u.tickets for u in at_ours)}
    # Cards of the area used in Oulu, and Oulu's cards used here.
    assert shown.column("outgoing") == {"Oulu": sum(
        u.tickets for u in counted(uses, YEAR, lambda u: u.venue_id == world.other_venue.id)
        if u.card.issuing_site_id == world.distributor.id)}
    assert shown.column("incoming") == {"Oulu": sum(
        u.tickets for u in at_ours if u.card.issuing_site_id == world.other_distributor.id)}
    per_municipality = page(client, f"/stats?year={YEAR}&scope=municipality:186")
    assert per_municipality.number("uses") == len(at_ours)
    tuusula = page(client, f"/stats?year={YEAR}&scope=municipality:858")
    assert tuusula.number("uses") == 0


@pytest.mark.parametrize("role, forged", [
    ("coordinator", "area:{other_area}"), ("coordinator", "municipality:564"), ("coordinator", "national"),
    ("coordinator", "venue:{venue}"), ("distributor", "site:{other_distributor}"), ("distributor", "national"),
    ("distributor", "area:{area}"), ("venue", "venue:{other_venue}"), ("venue", "site:{distributor}"),
    ("venue", "municipality:186"), ("national_admin", "site:{distributor}"),
])
def test_a_scope_outside_ones_own_is_refused(login_as, world, role, forged):
    token = forged.format(other_area=world.other_area.id, venue=world.venue.id, area=world.area.id,
                          other_distributor=world.other_distributor.id, other_venue=world.other_venue.id,
                          distributor=world.distributor.id)
    assert login_as(role).get(f"/stats?scope={token}").status_code == 403


@pytest.mark.parametrize("token", ["area:x", "planet:3", "area:", "municipality:../../", "area:99999999999999"])
def test_a_scope_that_is_no_scope_is_not_found(login_as, world, token):
    assert login_as("national_admin").get(f"/stats?scope={token}").status_code == 404


def test_distributor_sees_its_own_cards(login_as, data):
    world, cards, uses = data
    soon = ActiveCardFactory.create(world.distributor, issued_on=today() - timedelta(days=360))
    ActiveCardFactory.create(world.other_distributor, issued_on=today() - timedelta(days=360))
    db.session.commit()
    shown = page(login_as("distributor"), f"/stats?year={YEAR}")
    ours = counted(uses, YEAR, lambda u: u.card.issuing_site_id == world.distributor.id)
    assert shown.number("uses") == len(ours) == 3
    assert shown.number("uses_adults") == sum(u.adults for u in ours)
    assert shown.number("cards_registered") == sum(
        1 for c in cards if c.issued_on.year == YEAR and c.issuing_site_id == world.distributor.id) == 3
    due = db.session.query(Card).filter(Card.issuing_site_id == world.distributor.id, Card.state == "active",
                                        Card.valid_until >= today(),
                                        Card.valid_until <= today() + timedelta(days=30)).count()
    assert soon.valid_until <= today() + timedelta(days=30)
    assert shown.number("renewals_due") == due == 1
    # Its own holders: exact counts, small ones too.
    assert shown.column("gender")["Nainen"] == sum(u.tickets for u in ours)


def test_venue_sees_its_own_uses_and_nothing_about_holders(login_as, data):
    world, _cards, uses = data
    response = login_as("venue").get(f"/stats?year={YEAR}")
    shown = Page(response.get_data(as_text=True))
    ours = counted(uses, YEAR, lambda u: u.venue_id == world.venue.id)
    assert shown.number("uses") == len(ours)
    assert shown.number("uses_adults") == sum(u.adults for u in ours)
    assert shown.number("uses_children") == sum(u.children for u in ours)
    assert shown.column("categories", 2)["Kulttuuri"] == sum(u.adults for u in ours if u.category == "culture")
    assert shown.column("categories", 3)["Tiede"] == sum(u.children for u in ours if u.category == "science")
    months = shown.column("months")
    assert months[f"tammikuu {YEAR}"] == 3 and months[f"kesäkuu {YEAR}"] == 5 and len(months) == 12
    assert not {"age", "gender", "home", "life_situation", "sites", "registrations"} & set(shown.panels)
    assert "cards_registered" not in shown.figures


def test_venue_sees_whether_its_quotas_filled_and_why_scans_were_refused(login_as, data):
    world, cards, _uses = data
    at = datetime(YEAR, 9, 1, 10)

    def event(venue, quota):
        made = Event(venue_id=venue.id, name="Konsertti", starts_at=at, capacity=100, quota=quota)
        db.session.add(made)
        db.session.flush()
        return made

    full, half, free = event(world.venue, 3), event(world.venue, 5), event(world.venue, None)
    event(world.other_venue, 1)
    for target, adults, children in ((full, 1, 2), (half, 1, 0), (free, 1, 1)):
        use = make_use(cards[0], world.venue, at, adults=adults, children=children)
        use.event_id = target.id
    for venue, reason in ((world.venue, "quota_full"), (world.venue, "quota_full"), (world.venue, "sold_out"),
                          (world.venue, "unknown"), (world.other_venue, "quota_full")):
        db.session.add(RefusedScan(venue_id=venue.id, reason=reason, raw_code="x", at=at))
    db.session.commit()
    shown = page(login_as("venue"), f"/stats?year={YEAR}")
    assert [as_int(row[1]) for row in shown.tables["events"][1:]] == [3, 2, 1, 2, 1]
    assert sorted(shown.column("refusals").values()) == [1, 1, 2]


def test_small_counts_about_holders_are_hidden_outside_the_holders_distributor(login_as, data):
    shown = page(login_as("coordinator"), f"/stats?year={YEAR}")
    assert set(shown.column("gender").values()) <= {0, "<5"}
    assert "<5" in shown.column("gender").values()


def test_the_period_picker_changes_the_figures(login_as, data):
    world, _cards, uses = data
    client = login_as("national_admin")
    before = page(client, f"/stats?year={YEAR - 1}")
    assert before.number("uses") == len(counted(uses, YEAR - 1)) == 2
    assert before.number("uses_children") == 1
    spring = page(client, f"/stats?from={YEAR}-01-01&to={YEAR}-02-28")
    assert spring.number("uses") == 2
    assert list(spring.column("months")) == [f"tammikuu {YEAR}", f"helmikuu {YEAR}"]
    assert client.get(f"/stats?from={YEAR}-03-01&to={YEAR}-02-01").status_code == 400
    assert client.get("/stats?year=12").status_code == 400
    decades = page(client, "/stats?from=2000-01-01&to=2099-12-31")
    assert decades.number("uses") == len(counted(uses, YEAR)) + len(counted(uses, YEAR - 1))
    assert "months" in decades.panels and "months" not in decades.tables  # not grouped by 1,200 months


def test_finnish_by_default_with_a_picker_of_visible_labels(login_as, data):
    html = login_as("coordinator").get("/stats").get_data(as_text=True)
    assert '<html lang="fi">' in html
    for name in ("scope", "year", "from", "to"):
        assert f'<label for="{name}">' in html
    assert 'href="/stats"' in html and 'aria-current="page"' in html
    assert "Kulttuuri" in html
    assert "style=" not in html


def test_in_swedish_the_names_and_months_are_swedish(login_as, data):
    client = login_as("national_admin")
    post_form(client, "/language", {"lang": "sv", "next": "/stats"})
    shown = page(client, f"/stats?year={YEAR}&scope=municipality:186")
    assert f"januari {YEAR}" in shown.column("months")
    assert ">Träskända<" in client.get("/stats").get_data(as_text=True)  # Järvenpää in Swedish
    assert "Kultur" in shown.column("categories")


def test_every_chart_is_an_image_with_a_name_and_the_table_after_it(login_as, data):
    html = login_as("national_admin").get(f"/stats?year={YEAR}").get_data(as_text=True)
    shown = Page(html)
    assert html.count('role="img"') >= 5
    assert html.count('role="img"') == html.count("<details>")
    assert 'aria-labelledby="chart-months-title chart-months-desc"' in html
    assert len(shown.tables) >= 5


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    response = client.get("/stats")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_admin_start_page_links_to_the_statistics(login_as, world):
    html = login_as("coordinator").get("/admin").get_data(as_text=True)
    assert 'href="/stats"' in html and 'href="/stats/feedback"' in html


def test_feedback_meeting_compares_the_year_with_the_one_before_and_the_country(login_as, data):
    world, _cards, uses = data
    client = login_as("coordinator")
    shown = page(client, f"/stats/feedback?area={world.area.id}&year={YEAR}")
    _label, now, before, change, country = shown.rows["uses_children"]
    here = lambda year: counted(uses, year, lambda u: u.venue_id == world.venue.id)  # noqa: E731
    assert [as_int(now), as_int(before), as_int(country)] == [
        sum(u.children for u in here(YEAR)), sum(u.children for u in here(YEAR - 1)),
        sum(u.children for u in counted(uses, YEAR))] == [5, 1, 6]
    assert change == "+400\xa0%"
    culture = shown.rows["culture"]
    assert culture[0] == "Kulttuuri" and as_int(culture[1]) == sum(
        u.tickets for u in here(YEAR) if u.category == "culture")
    assert client.get(f"/stats/feedback?area={world.other_area.id}&year={YEAR}").status_code == 403
    assert client.get(f"/stats/feedback?area=99999&year={YEAR}").status_code == 404
    assert client.get(f"/stats/feedback?area=99999999999999999999&year={YEAR}").status_code == 404
    assert client.get("/stats/feedback").status_code == 200


def test_feedback_meeting_is_for_coordinators_and_the_national_admin(login_as, world):
    assert login_as("venue").get(f"/stats/feedback?area={world.area.id}").status_code == 403
