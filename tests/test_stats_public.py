"""Public national statistics: the open-data API (JSON and CSV), its OpenAPI entry, and the page."""
import csv
import io
import re
import uuid
from datetime import date, datetime

import pytest

from app.extensions import db
from tests.factories import ActiveCardFactory, today
from tests.stats_data import YEAR, build_data

pytestmark = pytest.mark.db
KEYS = {"year", "cards_registered", "cards_taken_into_use", "uses_adults", "uses_children", "uses_by_category",
        "municipalities"}


@pytest.fixture
def data(world):
    return build_data(world)


def test_the_api_answers_the_national_table_without_login(client, data):
    world, cards, uses = data
    body = client.get(f"/api/v1/public/stats?year={YEAR}").get_json()
    assert KEYS <= set(body) and body["year"] == YEAR
    assert body["cards_registered"] == sum(1 for c in cards.values() if c.issued_on.year == YEAR)
    live = [u for u in uses if u.undone_at is None and datetime(YEAR - 1, 12, 31, 22) <= u.scanned_at
            < datetime(YEAR, 12, 31, 22)]
    assert body["uses_adults"] == sum(u.adults for u in live)
    assert body["uses_children"] == sum(u.children for u in live)
    assert set(body["uses_by_category"]) == {"culture", "education", "science", "sports"}
    assert body["uses_by_category"]["science"] == {
        "adults": sum(u.adults for u in live if u.category == "science"),
        "children": sum(u.children for u in live if u.category == "science")}
    assert body["municipalities"] == 4


def test_a_use_recorded_through_the_api_counts_in_the_next_request(client, world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    before = client.get("/api/v1/public/stats").get_json()
    assert before["year"] == today().year
    recorded = venue_api.post("/api/v1/uses", json={"card": card.id, "children": 2, "category": "sports",
                                                    "client_scan_id": str(uuid.uuid4())})
    assert recorded.status_code == 201
    after = client.get("/api/v1/public/stats").get_json()
    assert after["uses_adults"] == before["uses_adults"] + 1
    assert after["uses_children"] == before["uses_children"] + 2
    assert after["uses_by_category"]["sports"]["children"] == before["uses_by_category"]["sports"]["children"] + 2
    assert after["cards_taken_into_use"] == before["cards_taken_into_use"] + 1
    use_id = recorded.get_json()["use_id"]
    assert venue_api.post(f"/api/v1/uses/{use_id}/undo").status_code == 200
    assert client.get("/api/v1/public/stats").get_json() == before


def test_the_csv_has_the_same_figures_for_finnish_excel(client, data):
    json_body = client.get(f"/api/v1/public/stats?year={YEAR}").get_json()
    response = client.get(f"/api/v1/public/stats?year={YEAR}&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf") and "attachment" in response.headers["Content-Disposition"]
    header, row = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""), delimiter=";"))
    values = dict(zip(header, row))
    for key in ("year", "cards_registered", "cards_taken_into_use", "uses_adults", "uses_children", "municipalities"):
        assert int(values[key]) == json_body[key]
    for category, cell in json_body["uses_by_category"].items():
        assert int(values[f"{category}_adults"]) == cell["adults"]
        assert int(values[f"{category}_children"]) == cell["children"]


@pytest.mark.parametrize("query", ["year=24", "year=abcd", "year=1999", f"year={date.today().year + 2}",
                                   "year=2024&format=xml", "year=２０２４"])
def test_a_bad_year_or_format_is_a_400_in_the_house_style(client, query):
    response = client.get(f"/api/v1/public/stats?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] in ("invalid_year", "invalid_format") and body["message"] and body["field"]


def test_the_api_is_rate_limited(client):
    statuses = [client.get("/api/v1/public/stats?year=2024").status_code for _ in range(31)]
    assert statuses[:30].count(429) == 0 and statuses[30] == 429


def test_openapi_documents_the_public_stats(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/public/stats"]["get"]
    assert operation["security"] == []
    schema = document["components"]["schemas"]["PublicStats"]
    assert KEYS <= set(schema["properties"]) and KEYS <= set(schema["required"])
    assert "text/csv" in operation["responses"]["200"]["content"]


def test_the_public_page_shows_years_and_counties_with_small_counts_hidden(client, data):
    world, cards, uses = data
    page = client.get(f"/public/stats?year={YEAR}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    registered = sum(1 for c in cards.values() if c.issued_on.year == YEAR)
    assert f'data-year="{YEAR}" data-registered="{registered}"' in html
    assert f'data-year="{YEAR - 1}" data-registered="1"' in html
    # Holders of YEAR's cards live in Uusimaa county 02 (Tuusula, Järvenpää) and Oulu's county 19: all small.
    assert 'data-county="02" data-registered="&lt;5"' in html and 'data-county="19" data-registered="&lt;5"' in html
    assert 'data-county="90" data-registered="0"' in html
    live_oulu = [u for u in uses if u.undone_at is None and u.venue_id == world.other_venue.id
                 and datetime(YEAR - 1, 12, 31, 22) <= u.scanned_at < datetime(YEAR, 12, 31, 22)]
    oulu = re.search(r'data-county="19"[^>]*>', html).group(0)
    assert 'data-used="&lt;5"' in oulu and f'data-adults="{sum(u.adults for u in live_oulu)}"' in oulu
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert client.get("/public/stats?year=abc").status_code == 400


def test_the_public_page_speaks_swedish(client, data):
    client.post("/language", data={"lang": "sv"})
    html = client.get(f"/public/stats?year={YEAR}", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Norra Österbottens välfärdsområde" in html or "Norra Österbotten" in html
