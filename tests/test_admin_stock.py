"""Stock: coordinators give cards to their distributor sites by count or range and answer requests."""
from app.cards import stock
from app.cards.series import generate_series
from app.core.audit import Actor
from app.extensions import db
from app.models import AuditEntry, Card, Organisation, StockRequest
from tests import factories
from tests.conftest import csrf_from, login


def at_site(site) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Card).where(Card.allocated_site_id == site.id))


def post(client, url, page_url, **data):
    token = csrf_from(client.get(page_url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def test_the_stock_page_shows_sites_and_open_requests(login_as, world):
    generate_series(4, area_id=world.area.id)
    stock.request_more(world.distributor, 30, "Kevään esitteet", actor=Actor())
    db.session.commit()
    page = login_as("coordinator").get(f"/admin/stock?area={world.area.id}").get_data(as_text=True)
    assert world.distributor.name in page and 'data-unallocated="client">4<' in page and "Kevään esitteet" in page
    assert world.other_distributor.name not in page


def test_allocation_by_count_takes_the_lowest_ids(login_as, world):
    series = generate_series(10, area_id=world.area.id)
    db.session.commit()
    client = login_as("coordinator")
    response = post(client, f"/admin/stock/{world.area.id}/count", "/admin/stock",
                    **{"count-site": world.distributor.id, "count-kind": "client", "count-series": series.id,
                       "count-count": "4"})
    assert response.status_code == 302
    given = db.session.scalars(db.select(Card.id).where(Card.allocated_site_id == world.distributor.id)).all()
    all_ids = sorted(db.session.scalars(db.select(Card.id).where(Card.series_id == series.id)))
    assert sorted(given) == all_ids[:4]
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "stock_allocated")).one()
    assert entry.area_id == world.area.id and entry.details["count"] == 4


def test_allocation_by_count_refuses_more_than_there_is(login_as, world):
    generate_series(2, area_id=world.area.id)
    db.session.commit()
    response = post(login_as("coordinator"), f"/admin/stock/{world.area.id}/count", "/admin/stock",
                    **{"count-site": world.distributor.id, "count-kind": "client", "count-count": "3"})
    assert response.status_code == 400 and "field-error" in response.get_data(as_text=True)
    assert at_site(world.distributor) == 0


def test_allocation_by_range_is_all_or_nothing(login_as, world):
    series = generate_series(8, area_id=world.area.id)
    db.session.commit()
    ids = sorted(db.session.scalars(db.select(Card.id).where(Card.series_id == series.id)))
    client = login_as("coordinator")
    fields = {"range-site": world.distributor.id, "range-series": series.id}
    ok = post(client, f"/admin/stock/{world.area.id}/range", "/admin/stock",
              **fields, **{"range-first": ids[2].lower(), "range-last": ids[5]})
    assert ok.status_code == 302 and at_site(world.distributor) == 4
    overlap = post(client, f"/admin/stock/{world.area.id}/range", "/admin/stock",
                   **fields, **{"range-first": ids[0], "range-last": ids[3]})
    assert overlap.status_code == 400 and at_site(world.distributor) == 4
    backwards = post(client, f"/admin/stock/{world.area.id}/range", "/admin/stock",
                     **fields, **{"range-first": ids[7], "range-last": ids[6]})
    assert backwards.status_code == 400


def test_handling_a_request_allocates_and_closes_it(login_as, world):
    generate_series(6, area_id=world.area.id)
    request = stock.request_more(world.distributor, 5, "", actor=Actor())
    db.session.commit()
    client = login_as("coordinator")
    url = f"/admin/stock/requests/{request.id}"
    assert 'value="5"' in client.get(url).get_data(as_text=True)
    response = post(client, url, url, **{"handle-count": "5", "handle-kind": "client", "action": "allocate"})
    assert response.status_code == 302
    assert db.session.get(StockRequest, request.id).handled_at is not None and at_site(world.distributor) == 5


def test_a_request_can_be_closed_without_cards_after_confirming(login_as, world):
    request = stock.request_more(world.distributor, 5, "", actor=Actor())
    db.session.commit()
    client = login_as("coordinator")
    url = f"/admin/stock/requests/{request.id}"
    unconfirmed = post(client, url, url, action="close")
    assert unconfirmed.status_code == 400 and db.session.get(StockRequest, request.id).handled_at is None
    confirmed = post(client, url, url, action="close", **{"close-confirm": "y"})
    assert confirmed.status_code == 302 and db.session.get(StockRequest, request.id).handled_at is not None


def test_another_areas_coordinator_sees_nothing(client, world):
    factories.user("coordinator", area_obj=world.other_area, email="oulu@example.fi")
    request = stock.request_more(world.distributor, 5, "", actor=Actor())
    generate_series(3, area_id=world.area.id)
    db.session.commit()
    login(client, "oulu@example.fi")
    assert client.get(f"/admin/stock?area={world.area.id}").status_code == 404
    assert client.get(f"/admin/stock/requests/{request.id}").status_code == 404
    token = csrf_from(client.get("/admin/stock").get_data(as_text=True))
    response = client.post(f"/admin/stock/{world.area.id}/count", data={
        "csrf_token": token, "count-site": world.distributor.id, "count-kind": "client", "count-count": "1"})
    assert response.status_code == 404 and at_site(world.distributor) == 0
    own = client.post(f"/admin/stock/{world.other_area.id}/count", data={
        "csrf_token": token, "count-site": world.distributor.id, "count-kind": "client", "count-count": "1"})
    assert own.status_code == 400 and at_site(world.distributor) == 0  # not a site of its area


def test_a_culture_side_coordinator_cannot_allocate(client, world):
    factories.user("coordinator", area_obj=world.area, side="culture", email="culture@example.fi")
    generate_series(3, area_id=world.area.id)
    db.session.commit()
    login(client, "culture@example.fi")
    assert client.get(f"/admin/stock?area={world.area.id}").status_code == 403
    token = csrf_from(client.get("/admin").get_data(as_text=True))
    response = client.post(f"/admin/stock/{world.area.id}/count", data={
        "csrf_token": token, "count-site": world.distributor.id, "count-kind": "client", "count-count": "1"})
    assert response.status_code == 403 and at_site(world.distributor) == 0


def test_the_national_admin_hands_out_national_stock(login_as, world):
    generate_series(3)
    db.session.commit()
    client = login_as("national_admin")
    response = post(client, f"/admin/stock/{world.other_area.id}/count", f"/admin/stock?area={world.other_area.id}",
                    **{"count-site": world.other_distributor.id, "count-kind": "client", "count-count": "2"})
    assert response.status_code == 302 and at_site(world.other_distributor) == 2
    assert {c.allocated_area_id for c in db.session.scalars(
        db.select(Card).where(Card.allocated_site_id == world.other_distributor.id))} == {world.other_area.id}


def test_an_area_with_many_sites_is_listed_a_page_at_a_time(login_as, world):
    """The site table pages by name; the forms still offer every site of the area."""
    from app.admin.stock import SITES_PER_PAGE

    extra = [factories.organisation("distributor", name=f"Jakopiste {n:03d}") for n in range(SITES_PER_PAGE + 5)]
    stock.request_more(extra[-1], 7, "Lisää kortteja", actor=Actor())
    db.session.commit()
    client = login_as("coordinator")
    first = client.get(f"/admin/stock?area={world.area.id}").get_data(as_text=True)
    second = client.get(f"/admin/stock?area={world.area.id}&page=2").get_data(as_text=True)
    in_area = db.session.scalar(db.select(db.func.count()).select_from(Organisation).where(
        Organisation.kind == "distributor", Organisation.area_id == world.area.id))
    rows = [page.count("<tr data-site=") for page in (first, second)]
    assert rows == [SITES_PER_PAGE, in_area - SITES_PER_PAGE]
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert 'rel="prev"' in second and 'rel="next"' not in second
    last = extra[-1]
    assert f'<tr data-site="{last.id}">' in second and f'<tr data-site="{last.id}">' not in first
    assert f'<option value="{last.id}">' in first  # still offered in the forms on page 1
    assert client.get(f"/admin/stock?area={world.area.id}&page=3").status_code == 404
