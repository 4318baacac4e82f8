"""Distributors register, renew and replace cards, through the HTML pages with CSRF tokens."""
import re
from datetime import timedelta

import pytest

from app.cards import ids
from app.cards import desk
from app.cards import lookup
from app.cards import registration
from app.core import audit
from app.core import dates
from app.extensions import db
from app.models import Card
from tests.conftest import post_form as post
from tests.factories import (
    ActiveCardFactory, CommunityCardFactory, InactivatedCardFactory, StockCardFactory, today,
)

HOLDER = {"birth_year": "1985", "postcode": "04300", "municipality": "858", "children": "2",
          "gender": "woman", "life_situation": "student"}


@pytest.fixture
def dist(login_as):
    return login_as("distributor")



def stock_card(site, **kw):
    card = StockCardFactory.create(site=site, **kw)
    db.session.commit()
    return card.id


def card(card_id) -> Card:
    db.session.expire_all()
    return db.session.get(Card, card_id)


def field_error(html: str, name: str) -> bool:
    """The field is marked invalid for assistive technology and its message follows it."""
    return bool(re.search(rf'<(input|select)[^>]*aria-invalid="true"[^>]*name="{name}"', html)) or \
        bool(re.search(rf'<(input|select)[^>]*name="{name}"[^>]*aria-invalid="true"', html))


def test_start_page_offers_every_task(dist):
    html = dist.get("/issue").get_data(as_text=True)
    for url in ("/issue/register", "/issue/find", "/issue/community", "/issue/stock", "/issue/figures"):
        assert f'href="{url}"' in html


def test_register_form_asks_only_what_is_allowed_and_preselects_the_site_municipality(dist):
    html = dist.get("/issue/register").get_data(as_text=True)
    names = set(re.findall(r'name="([a-z_]+)"', html)) - {"csrf_token", "csrf-token", "viewport", "theme-color",
                                                          "lang", "next"}
    assert names == {"card", "birth_year", "postcode", "municipality", "children", "gender", "life_situation",
                     "issued_on"}
    assert '<option selected value="858">' in html
    assert 'value="564"' in html and 'value="091"' not in html  # only municipalities of active areas
    assert 'capture="environment"' in html and "data-photo-decode" in html and "data-card-scanner" in html
    assert " style=" not in html and "<script>" not in html


def test_registration_activates_the_card_for_twelve_months_and_confirms(dist, world):
    card_id = stock_card(world.distributor)
    response = post(dist, "/issue/register", {"card": card_id.lower().replace("-", " "), **HOLDER})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/issue/cards/{card_id}/registered"
    registered = card(card_id)
    assert registered.state == "active" and registered.issuing_site_id == world.distributor.id
    assert registered.issued_on == today() and registered.valid_until == dates.add_months(today(), 12)
    assert (registered.birth_year, registered.postcode, registered.children) == (1985, "04300", 2)
    html = dist.get(response.headers["Location"]).get_data(as_text=True)
    assert f'data-valid-until="{registered.valid_until.isoformat()}"' in html
    assert f'href="/c/{card_id}"' in html and f"https://kortti.example/c/{card_id}" in html
    assert 'href="/offers"' in html
    assert lookup.public_state(card_id)["state"] == "valid"


def test_paper_registration_runs_from_its_real_issue_date(dist, world):
    card_id = stock_card(world.distributor)
    issued = today() - timedelta(days=60)
    response = post(dist, "/issue/register", {"card": card_id, **HOLDER, "issued_on": issued.isoformat()})
    assert response.status_code == 302
    assert card(card_id).issued_on == issued
    assert card(card_id).valid_until == dates.add_months(issued, 12)


@pytest.mark.parametrize("field, value", [
    ("birth_year", "abc"), ("birth_year", "NEXT"), ("postcode", "0430"), ("postcode", "04300x"),
    ("municipality", "091"), ("municipality", "999"), ("children", "21"), ("children", "-1"),
    ("gender", "robot"), ("issued_on", "OLD"), ("issued_on", "TOMORROW"),
])
def test_each_bad_input_is_explained_at_its_field_and_changes_nothing(dist, world, field, value):
    value = {"NEXT": str(today().year - 15), "OLD": (today() - timedelta(days=61)).isoformat(),
             "TOMORROW": (today() + timedelta(days=1)).isoformat()}.get(value, value)
    card_id = stock_card(world.distributor)
    response = post(dist, "/issue/register", {"card": card_id, **HOLDER, field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(html, field)
    assert f'value="{card_id}"' in html  # what was typed is kept
    assert card(card_id).state == "stock" and not card(card_id).history


def test_a_card_from_another_sites_stock_is_refused(dist, world):
    card_id = stock_card(world.other_distributor)
    response = post(dist, "/issue/register", {"card": card_id, **HOLDER})
    assert response.status_code == 400 and field_error(response.get_data(as_text=True), "card")
    assert card(card_id).state == "stock"


def test_a_card_allocated_to_the_area_may_be_registered_but_not_another_areas(dist, world):
    own_area = stock_card(None, area_id=world.area.id)
    other_area = stock_card(None, area_id=world.other_area.id)
    assert post(dist, "/issue/register", {"card": own_area, **HOLDER}).status_code == 302
    assert post(dist, "/issue/register", {"card": other_area, **HOLDER}).status_code == 400
    assert card(other_area).state == "stock"


def test_a_double_tap_registers_once_and_says_the_card_is_already_registered(dist, world):
    card_id = stock_card(world.distributor)
    assert post(dist, "/issue/register", {"card": card_id, **HOLDER}).status_code == 302
    again = post(dist, "/issue/register", {"card": card_id, **HOLDER, "children": "5"})
    html = again.get_data(as_text=True)
    assert again.status_code == 400 and field_error(html, "card")
    assert f'href="/issue/cards/{card_id}/registered"' in html
    assert card(card_id).children == 2 and len(card(card_id).history) == 1


@pytest.mark.parametrize("number", ["UNKNOWN", "KK-0000-00000", "INACTIVATED", "not a card"])
def test_unknown_malformed_and_inactivated_cards_cannot_be_registered(dist, world, number):
    if number == "INACTIVATED":
        number = InactivatedCardFactory.create(world.distributor).id
    number = ids.generate() if number == "UNKNOWN" else number
    db.session.commit()
    response = post(dist, "/issue/register", {"card": number, **HOLDER})
    assert response.status_code in (400, 404) and field_error(response.get_data(as_text=True), "card")


def test_community_cards_are_registered_to_the_organisation_and_listed(dist, world):
    card_id = stock_card(world.distributor, kind="community")
    response = post(dist, "/issue/community", {"card": card_id})
    assert response.status_code == 302 and response.headers["Location"] == "/issue/community"
    registered = card(card_id)
    assert registered.state == "active" and registered.birth_year is None and registered.postcode is None
    html = dist.get("/issue/community").get_data(as_text=True)
    assert f'data-card="{card_id}"' in html


def test_a_client_card_is_not_registered_as_a_community_card(dist, world):
    card_id = stock_card(world.distributor)
    response = post(dist, "/issue/community", {"card": card_id})
    assert response.status_code == 400 and field_error(response.get_data(as_text=True), "card")
    assert card(card_id).state == "stock"


def test_renewal_at_the_same_site_reviews_the_data_and_restarts_twelve_months(dist, world):
    card_id = ActiveCardFactory.create(world.distributor, issued_on=today() - timedelta(days=300)).id
    db.session.commit()
    form = dist.get(f"/issue/cards/{card_id}/renew").get_data(as_text=True)
    assert 'value="1980"' in form and 'value="04300"' in form and 'name="children"' in form
    response = post(dist, f"/issue/cards/{card_id}/renew", {**HOLDER, "children": "3"})
    assert response.status_code == 302
    renewed = card(card_id)
    assert renewed.valid_until == dates.add_months(today(), 12) and renewed.children == 3
    assert [e.action for e in renewed.history] == ["registered", "renewed"]


def test_a_community_card_is_renewed_without_holder_data(dist, world):
    card_id = CommunityCardFactory.create(world.distributor).id
    db.session.commit()
    assert 'name="birth_year"' not in dist.get(f"/issue/cards/{card_id}/renew").get_data(as_text=True)
    assert post(dist, f"/issue/cards/{card_id}/renew", {}).status_code == 302
    assert [e.action for e in card(card_id).history] == ["registered", "renewed"]


def test_renewal_at_another_distributor_is_refused_with_an_explanation(dist, world):
    foreign = ActiveCardFactory.create(world.other_distributor, issued_on=today() - timedelta(days=300))
    card_id, until = foreign.id, foreign.valid_until
    db.session.commit()
    page = dist.get(f"/issue/cards/{card_id}/renew")
    assert page.status_code == 403 and "1980" not in page.get_data(as_text=True)
    response = post(dist, f"/issue/cards/{card_id}/renew", HOLDER)
    assert response.status_code == 403
    assert card(card_id).valid_until == until and len(card(card_id).history) == 1


def test_inactivation_asks_for_confirmation_then_takes_the_card_out_of_use(dist, world):
    card_id = ActiveCardFactory.create(world.distributor).id
    db.session.commit()
    step = post(dist, f"/issue/cards/{card_id}/inactivate", {"reason": "lost"})
    assert step.status_code == 200 and 'data-confirm="inactivate"' in step.get_data(as_text=True)
    assert card(card_id).state == "active"
    done = post(dist, f"/issue/cards/{card_id}/inactivate", {"reason": "lost", "confirmed": "1"})
    assert done.status_code == 302 and done.headers["Location"] == f"/issue/cards/{card_id}"
    assert card(card_id).state == "inactivated" and card(card_id).inactivated_reason == "lost"
    verdict, _card, _event = desk.check(card_id, venue=world.venue)
    assert verdict.reason == "inactivated"


def test_replacement_copies_the_data_to_a_new_card_and_links_old_to_new(dist, world):
    old_id = ActiveCardFactory.create(world.distributor, children=4, issued_on=today() - timedelta(days=100)).id
    new_id = stock_card(world.distributor)
    data = {"reason": "replaced", "replacement": new_id, "confirmed": "1"}
    response = post(dist, f"/issue/cards/{old_id}/inactivate", data)
    assert response.status_code == 302 and response.headers["Location"] == f"/issue/cards/{new_id}/registered"
    old, new = card(old_id), card(new_id)
    assert old.state == "inactivated" and old.inactivated_reason == "replaced" and old.replacement_id == new_id
    assert new.state == "active" and new.children == 4 and new.birth_year == old.birth_year
    assert new.valid_until == dates.add_months(today(), 12)
    assert desk.check(old_id, venue=world.venue)[0].reason == "inactivated"
    assert desk.check(new_id, venue=world.venue)[0].reason == "valid"


@pytest.mark.db
def test_a_lost_card_replaced_by_a_new_one_keeps_the_reason_lost(dist, world):
    old_id = ActiveCardFactory.create(world.distributor).id
    new_id = stock_card(world.distributor)
    step = post(dist, f"/issue/cards/{old_id}/inactivate", {"reason": "lost", "replacement": new_id})
    confirm = step.get_data(as_text=True)
    assert step.status_code == 200 and "<dd>Kadonnut</dd>" in confirm and "Korvattu uudella kortilla" not in confirm
    done = post(dist, f"/issue/cards/{old_id}/inactivate", {"reason": "lost", "replacement": new_id, "confirmed": "1"})
    assert done.status_code == 302
    old = card(old_id)
    assert (old.state, old.inactivated_reason, old.replacement_id) == ("inactivated", "lost", new_id)
    assert old.history[-1].note == "lost" and card(new_id).state == "active"
    page = dist.get(f"/issue/cards/{old_id}").get_data(as_text=True)
    assert "<dd>Kadonnut</dd>" in page and f'data-field="replacement">{new_id}</a>' in page
    assert desk.check(old_id, venue=world.venue)[0].reason == "inactivated"
    assert dist.get(f"/api/v1/public/cards/{old_id}").get_json()["state"] == "not_in_use"


@pytest.mark.parametrize("data", [{"reason": ""}, {"reason": "replaced"},
                                  {"reason": "lost", "replacement": "FOREIGN"}])
def test_a_refused_inactivation_changes_nothing(dist, world, data):
    card_id = ActiveCardFactory.create(world.distributor).id
    foreign = stock_card(world.other_distributor)
    data = {**data, "confirmed": "1", "replacement": foreign if data.get("replacement") else ""}
    response = post(dist, f"/issue/cards/{card_id}/inactivate", data)
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert card(card_id).state == "active" and card(foreign).state == "stock"


def test_only_the_issuing_site_may_take_a_card_out_of_use(dist, world):
    card_id = ActiveCardFactory.create(world.other_distributor).id
    db.session.commit()
    assert dist.get(f"/issue/cards/{card_id}/inactivate").status_code == 403
    response = post(dist, f"/issue/cards/{card_id}/inactivate", {"reason": "lost", "confirmed": "1"})
    assert response.status_code == 403
    assert card(card_id).state == "active"


def test_find_by_full_number_only(dist, world):
    card_id = ActiveCardFactory.create(world.distributor).id
    db.session.commit()
    found = dist.get("/issue/find", query_string={"card": card_id.lower()})
    assert found.status_code == 302 and found.headers["Location"] == f"/issue/cards/{card_id}"
    assert dist.get("/issue/find", query_string={"card": ids.generate()}).status_code == 404
    assert dist.get("/issue/find", query_string={"card": "KK-0000-00001"}).status_code == 400  # wrong check character
    assert dist.get("/issue/find", query_string={"card": "1980"}).status_code == 404


def record_use(card_id, venue, n):
    desk.record_use({"card": card_id, "client_scan_id": f"scan-{card_id}-{n}", "confirm_repeat": True}, venue=venue,
                       actor=audit.Actor())


def test_a_card_page_shows_state_history_and_uses_with_holder_data_for_own_cards(dist, world):
    card_id = ActiveCardFactory.create(world.distributor).id
    registration.renew(card_id, {}, site=world.distributor, actor=audit.Actor())
    record_use(card_id, world.venue, 1)
    db.session.commit()
    html = dist.get(f"/issue/cards/{card_id}").get_data(as_text=True)
    assert 'data-holder="shown"' in html and 'data-status="active"' in html
    assert re.search(r'data-field="uses">1<', html) and re.search(r'data-field="birth_year">1980<', html)
    assert 'data-action="registered"' in html and 'data-action="renewed"' in html
    assert f'href="/issue/cards/{card_id}/renew"' in html


def test_another_sites_card_shows_state_and_uses_but_no_holder_data(dist, world):
    foreign = ActiveCardFactory.create(world.other_distributor)
    card_id = foreign.id
    record_use(card_id, world.other_venue, 1)
    record_use(card_id, world.other_venue, 2)
    db.session.commit()
    response = dist.get(f"/issue/cards/{card_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-holder="hidden"' in html and 'data-status="active"' in html
    assert re.search(r'data-field="uses">2<', html) and 'data-action="registered"' in html
    for secret in ("1980", "04300", "Muu jakaja", "Muu teatteri", 'data-field="children"'):
        assert secret not in html
    assert "/renew" not in html and "/inactivate" not in html
    assert dist.get(f"/issue/cards/{card_id}/registered").status_code == 404


def test_the_municipality_suggestion_follows_this_sites_registrations(dist, world):
    for municipality in ("186", "186", "858"):
        card_id = StockCardFactory.create(site=world.distributor).id
        registration.register(card_id, {**HOLDER, "postcode": "04400", "municipality": municipality},
                         site=world.distributor, actor=audit.Actor())
    db.session.commit()
    assert dist.get("/issue/municipality?postcode=04400").get_json() == {"municipality": "186"}
    assert dist.get("/issue/municipality?postcode=99999").get_json() == {"municipality": None}
    assert 'data-municipality-suggest' in dist.get("/issue/register").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_issuing_pages_render_in_each_language(dist, world, lang):
    card_id = ActiveCardFactory.create(world.distributor).id
    db.session.commit()
    headers = {"Accept-Language": lang}
    pages = ["/issue", "/issue/register", "/issue/find", "/issue/community", "/issue/stock", "/issue/figures",
             f"/issue/cards/{card_id}", f"/issue/cards/{card_id}/registered", f"/issue/cards/{card_id}/renew",
             f"/issue/cards/{card_id}/inactivate"]
    for url in pages:
        response = dist.get(url, headers=headers)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in html, url
        assert " style=" not in html and "<script>" not in html, url
    register = dist.get("/issue/register", headers=headers).get_data(as_text=True)
    assert 'name="birth_year"' in register and 'for="birth_year"' in register
