"""The public lists a cardholder reads: where to get a card and the brochure list only organisations
whose approval is in effect; Finnish-only offer texts are marked as Finnish; a brochure for one
municipality."""
import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Offer
from tests import factories

pytestmark = pytest.mark.db
SV = {"Accept-Language": "sv"}


def offer(venue, **kw) -> Offer:
    values = dict(venue_id=venue.id, title_fi="Konsertit", title_sv="Konserter", title_en="Concerts",
                  category="culture", municipality_code=venue.municipality_code, how_to_get="box_office")
    new = Offer(**{**values, **kw})
    db.session.add(new)
    db.session.commit()
    return new


def distributor_from(day, name: str):
    org = factories.organisation("distributor", name=name)
    org.approved_from = day
    db.session.commit()
    return org


def test_a_distributor_is_listed_from_the_day_its_approval_starts(client, world):
    distributor_from(factories.today() + timedelta(days=1), "Ensi vuoden jakaja")
    distributor_from(factories.today(), "Tänään aloittava jakaja")
    for url in ("/distributors", f"/distributors?area={world.area.id}", f"/offers/brochure?area={world.area.id}",
                "/offers/brochure?municipality=858"):
        html = client.get(url).get_data(as_text=True)
        assert "Tänään aloittava jakaja" in html and "Sosiaalityö" in html, url
        assert "Ensi vuoden jakaja" not in html, url


@pytest.mark.parametrize("state", ["proposed", "declined", "deactivated"])
def test_a_distributor_not_approved_is_not_listed(client, world, state):
    world.distributor.approval_state = state
    db.session.commit()
    assert "Sosiaalityö" not in client.get("/distributors").get_data(as_text=True)
    assert "Sosiaalityö" not in client.get(f"/offers/brochure?area={world.area.id}").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/offers", "/offers/brochure?area={area}"])
def test_a_finnish_only_text_is_marked_finnish_on_a_swedish_page(client, world, url):
    offer(world.venue, title_sv="", description_fi="Kaikki konsertit", description_sv="")
    html = client.get(url.format(area=world.area.id), headers=SV).get_data(as_text=True)
    assert '<span lang="fi">Konsertit</span>' in html and '<span lang="fi">Kaikki konsertit</span>' in html
    assert html.count('class="text-language"') == 2  # the visible note "(in Finnish)"


@pytest.mark.parametrize("url", ["/offers", "/offers/brochure?area={area}"])
def test_a_swedish_text_is_not_marked(client, world, url):
    offer(world.venue, description_fi="Kaikki konsertit", description_sv="Alla konserter")
    html = client.get(url.format(area=world.area.id), headers=SV).get_data(as_text=True)
    assert "Konserter" in html and "Alla konserter" in html
    assert '<span lang="fi">' not in html and 'class="text-language"' not in html


def test_finnish_page_marks_nothing(client, world):
    offer(world.venue, title_sv="", title_en="")
    html = client.get("/offers", headers={"Accept-Language": "fi"}).get_data(as_text=True)
    assert '<span lang="fi">' not in html and 'class="text-language"' not in html


def test_brochure_for_one_municipality(client, world):
    offer(world.venue, title_fi="Järvenpään konsertit")  # Järvenpää, 186
    offer(world.venue, title_fi="Tuusulan kurssit", municipality_code="858")
    page = client.get("/offers/brochure?municipality=186", headers={"Accept-Language": "fi"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Järvenpään konsertit" in html and "Tuusulan kurssit" not in html
    assert re.search(r"<h1>[^<]*Järvenpää</h1>", html) and "<title>Kaikukortti – Järvenpää</title>" in html
    assert "Sosiaalityö" not in html  # it gives cards in Tuusula
    assert "brochure.pdf?municipality=186" in html


def test_brochure_pdf_for_one_municipality(client, world):
    offer(world.venue, title_sv="")
    pdf = client.get("/offers/brochure.pdf?municipality=186", headers=SV)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_the_offer_list_offers_a_municipality_brochure(client, world):
    html = client.get("/offers?municipality=186").get_data(as_text=True)
    assert 'name="municipality"' in html and 'formaction="/offers/brochure.pdf"' in html
    assert '<option value="186" selected>' in html


@pytest.mark.parametrize("value", ["", "999", "091", "564x", "abc", "1" * 20, "'; drop table offer;--",
                                   "%EF%BC%91%EF%BC%98%EF%BC%96"])
def test_an_unknown_or_not_participating_municipality_is_not_found(client, world, value):
    for path in ("/offers/brochure", "/offers/brochure.pdf"):
        assert client.get(f"{path}?municipality={value}").status_code == 404, (path, value)
