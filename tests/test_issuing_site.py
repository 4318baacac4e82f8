"""A distributor site's stock, its requests for more cards, its own figures, and choosing a site."""
import re
from datetime import date, timedelta

import pytest

from app.cards import desk
from app.cards import registration
from app.core import audit
from app.core import dates
from app.extensions import db
from app.models import StockRequest
from tests import factories
from tests.conftest import login, post_form as post
from tests.factories import ActiveCardFactory, StockCardFactory, today


@pytest.fixture
def dist(login_as):
    return login_as("distributor")



def test_stock_counts_only_unissued_cards_allocated_to_this_site(dist, world):
    for _ in range(3):
        StockCardFactory.create(site=world.distributor)
    StockCardFactory.create(site=world.distributor, kind="community")
    StockCardFactory.create(site=world.other_distributor)
    StockCardFactory.create(area_id=world.area.id)
    ActiveCardFactory.create(world.distributor)
    db.session.commit()
    html = dist.get("/issue/stock").get_data(as_text=True)
    assert re.search(r'data-stock="client">3<', html) and re.search(r'data-stock="community">1<', html)
    assert 'data-stock="3"' in dist.get("/issue").get_data(as_text=True)


def test_a_stock_request_is_stored_and_shows_as_open_until_handled(dist, world):
    response = post(dist, "/issue/stock", {"count": "50", "message": "Syksyn asiakkaille"})
    assert response.status_code == 302 and response.headers["Location"] == "/issue/stock"
    request = db.session.query(StockRequest).one()
    assert (request.site_id, request.count, request.message) == (world.distributor.id, 50, "Syksyn asiakkaille")
    assert request.created_by_id == world.people["distributor"].id
    assert f'data-request="{request.id}" data-open="yes"' in dist.get("/issue/stock").get_data(as_text=True)
    request.handled_at = request.created_at
    db.session.commit()
    assert f'data-request="{request.id}" data-open="no"' in dist.get("/issue/stock").get_data(as_text=True)


@pytest.mark.parametrize("data", [{"count": "0"}, {"count": "10001"}, {"count": "many"}, {"count": ""},
                                  {"count": "5", "message": "x" * 2001}])
def test_a_bad_stock_request_is_explained_and_stores_nothing(dist, world, data):
    response = post(dist, "/issue/stock", data)
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.query(StockRequest).count() == 0


def test_site_figures_count_registrations_use_and_renewals_due(dist, world):
    this_year = [ActiveCardFactory.create(world.distributor) for _ in range(3)]
    last_year = ActiveCardFactory.create(world.distributor, issued_on=date(today().year - 1, 12, 31))
    year_ago = dates.add_months(today(), -12)
    due = ActiveCardFactory.create(world.distributor, issued_on=year_ago + timedelta(days=10))
    ActiveCardFactory.create(world.distributor, issued_on=date(today().year - 2, 6, 1))  # expired long ago
    ActiveCardFactory.create(world.other_distributor, issued_on=year_ago + timedelta(days=5))
    registration.renew(last_year.id, {}, site=world.distributor, actor=audit.Actor())
    desk.record_use({"card": this_year[0].id, "client_scan_id": "figures-1"}, venue=world.venue,
                       actor=audit.Actor())
    desk.record_use({"card": this_year[0].id, "client_scan_id": "figures-2"}, venue=world.venue,
                       actor=audit.Actor())
    db.session.commit()
    html = dist.get("/issue/figures").get_data(as_text=True)
    year = today().year
    due_this_year = due.issued_on.year == year  # the due card was issued about eleven months ago
    assert f'data-year="{year}" data-registered="{3 + due_this_year}" data-used="1"' in html
    assert f'data-year="{year - 1}" data-registered="{2 - due_this_year}" data-used="0"' in html
    assert 'data-renewals-due="1"' in html and f'data-card="{due.id}"' in html


def test_a_distributor_never_sees_another_sites_stock_or_figures(dist, world):
    other = world.other_distributor.id
    for url in ("/issue", "/issue/stock", "/issue/figures", "/issue/register", "/issue/community"):
        assert dist.get(url, query_string={"site": other}).status_code == 403, url
    assert post(dist, f"/issue/stock?site={other}", {"count": "5"}).status_code == 403
    assert db.session.query(StockRequest).count() == 0


@pytest.fixture
def two_sites(client, world):
    second = factories.organisation("distributor", name="Perhekeskus", municipality="186")
    person = factories.user("distributor", org=second, email=world.people["distributor"].email)
    db.session.commit()
    assert login(client, person.email).status_code == 302
    return client, world.distributor, second


def test_someone_with_several_sites_chooses_one_and_keeps_acting_for_it(two_sites):
    client, first, second = two_sites
    start = client.get("/issue").get_data(as_text=True)
    assert '<select id="site" name="site">' in start and 'href="/issue/register' not in start
    assert client.get("/issue/register").headers["Location"] == "/issue"
    page = client.get(f"/issue/stock?site={second.id}").get_data(as_text=True)
    assert f'data-site="{second.id}"' in page and f'href="/issue/register?site={second.id}"' in page
    assert f'action="/issue/stock?site={second.id}"' in page
    card = StockCardFactory.create(site=second)
    db.session.commit()
    data = {"card": card.id, "birth_year": "1990", "postcode": "04400", "municipality": "186", "children": "0"}
    response = post(client, f"/issue/register?site={second.id}", data)
    assert response.headers["Location"] == f"/issue/cards/{card.id}/registered?site={second.id}"
    db.session.expire_all()
    assert card.issuing_site_id == second.id
