"""Cardholders find where to use the card: offers, the area's brochure, and where to get a card."""
import pytest

from app.extensions import db
from app.models import Offer
from tests.conftest import csrf_from

pytestmark = pytest.mark.db


def offer(venue, **kw):
    values = dict(venue_id=venue.id, title_fi="Konsertit", title_sv="Konserter", title_en="Concerts",
                  category="culture", municipality_code=venue.municipality_code, how_to_get="box_office")
    new = Offer(**{**values, **kw})
    db.session.add(new)
    db.session.commit()
    return new


@pytest.mark.parametrize("lang, title", [("fi", "Konsertit"), ("sv", "Konserter"), ("en", "Concerts")])
def test_offer_list_in_each_language_without_javascript(client, world, lang, title):
    offer(world.venue)
    html = client.get("/offers", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert title in html and "Teatteri" in html and "<script" not in html


def test_offer_list_filters_by_municipality_and_category_and_hides_hidden_offers(client, world):
    offer(world.venue, title_fi="Näkyvä")
    offer(world.venue, title_fi="Piilotettu", visible=False)
    offer(world.venue, title_fi="Uinti", category="sports")
    html = client.get("/offers?category=culture", headers={"Accept-Language": "fi"}).get_data(as_text=True)
    assert "Näkyvä" in html and "Piilotettu" not in html and "Uinti" not in html
    other = client.get("/offers?municipality=564", headers={"Accept-Language": "fi"}).get_data(as_text=True)
    assert "Näkyvä" not in other


def test_missing_translation_falls_back_to_finnish(client, world):
    offer(world.venue, title_sv="")
    assert "Konsertit" in client.get("/offers", headers={"Accept-Language": "sv"}).get_data(as_text=True)


def test_brochure_groups_the_areas_venues_by_category_and_prints_to_pdf(client, world):
    offer(world.venue, title_fi="Konsertit")
    offer(world.venue, title_fi="Kurssit", category="education")
    offer(world.other_venue, title_fi="Muualla")
    page = client.get(f"/offers/brochure?area={world.area.id}", headers={"Accept-Language": "fi"})
    html = page.get_data(as_text=True)
    assert "Konsertit" in html and "Kurssit" in html and "Muualla" not in html
    assert "Sosiaalityö" in html  # where to get a card
    pdf = client.get(f"/offers/brochure.pdf?area={world.area.id}", headers={"Accept-Language": "sv"})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert client.get("/offers/brochure?area=9999").status_code == 404


def test_public_distributor_list_by_area(client, world):
    html = client.get(f"/distributors?area={world.area.id}").get_data(as_text=True)
    assert "Sosiaalityö" in html and "Muu jakaja" not in html


def test_no_page_labels_anyone_as_poor(client, world):
    offer(world.venue)
    for url in ("/", "/offers", "/distributors", f"/offers/brochure?area={world.area.id}"):
        for lang in ("fi", "sv", "en"):
            text = client.get(url, headers={"Accept-Language": lang}).get_data(as_text=True).lower()
            for word in ("low income", "poor", "pienituloi", "köyh", "låginkomst", "fattig"):
                assert word not in text, (url, lang, word)


def test_venue_creates_edits_and_hides_its_offer(login_as, world):
    client = login_as("venue")
    token = csrf_from(client.get("/venue/offers/new").get_data(as_text=True))
    data = {"csrf_token": token, "title_fi": "Museokierros", "category": "culture", "municipality_code": "186",
            "how_to_get": "phone", "how_to_get_note": "09 123", "visible": "y"}
    assert client.post("/venue/offers/new", data=data).status_code == 302
    created = db.session.query(Offer).filter_by(title_fi="Museokierros").one()
    assert created.venue_id == world.venue.id
    data.pop("visible")
    assert client.post(f"/venue/offers/{created.id}", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Offer, created.id).visible is False
    assert "Museokierros" not in client.get("/offers").get_data(as_text=True)


def test_offer_needs_a_title_and_a_participating_municipality(login_as, world):
    client = login_as("venue")
    token = csrf_from(client.get("/venue/offers/new").get_data(as_text=True))
    response = client.post("/venue/offers/new", data={"csrf_token": token, "title_fi": "", "category": "culture",
                                                      "municipality_code": "091", "how_to_get": "phone"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.query(Offer).count() == 0


def test_a_venue_cannot_edit_another_venues_offer(login_as, world):
    other = offer(world.other_venue)
    client = login_as("venue")
    assert client.get(f"/venue/offers/{other.id}").status_code == 403
