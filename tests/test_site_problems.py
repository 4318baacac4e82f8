"""When the site itself cannot act, the desk and the banner say what is wrong with the site and what
to do, never that the client's card is invalid; a new commitment version has a transition period."""
from datetime import timedelta

import pytest

from app.extensions import db
from tests import factories
from tests.conftest import Api, post_form as post
from tests.factories import ActiveCardFactory

pytestmark = pytest.mark.db

TEXTS = {"version": "2027-1", "text_fi": "Uusi.", "text_sv": "Ny.", "text_en": "New.", "understood": "y"}


@pytest.fixture
def venue_api(app, world):
    return Api(app.test_client(), world.keys["venue"])


def check(venue_api, card) -> dict:
    return venue_api.get(f"/api/v1/cards/{card.id}").get_json()


def test_publishing_a_new_version_leaves_a_transition_period_for_sites_that_acknowledged_the_last(
        app, login_as, world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    first = factories.publish_commitment("2026-1")
    factories.acknowledge(world.venue, first)
    db.session.commit()
    admin = login_as("national_admin")
    form = admin.get("/admin/commitments/new").get_data(as_text=True)
    default_day = (factories.today() + timedelta(days=30)).isoformat()
    assert f'value="{default_day}"' in form
    assert post(admin, "/admin/commitments/new", TEXTS).status_code == 302
    assert check(venue_api, card)["reason"] == "valid"  # the previous acknowledgement still counts

    other = factories.organisation("venue", name="Museo")
    db.session.commit()
    from app.network.operating import site_problem
    assert site_problem(other, factories.today()).code == "commitment_missing"


def test_after_the_transition_only_the_new_version_counts(world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    first = factories.publish_commitment("2026-1")
    factories.acknowledge(world.venue, first)
    second = factories.publish_commitment("2027-1")
    second.previous_counts_until = factories.today() - timedelta(days=1)
    db.session.commit()
    verdict = check(venue_api, card)
    assert (verdict["status"], verdict["reason"], verdict["site_problem"]) == \
        ("error", "organisation_not_active", "commitment_missing")
    assert "Kyse ei ole asiakkaan kortin ongelmasta" in verdict["message"]  # not the card's problem
    assert verdict["card"]["id"] == card.id
    factories.acknowledge(world.venue, second)
    db.session.commit()
    assert check(venue_api, card)["reason"] == "valid"


def test_a_publish_date_in_the_past_is_refused(login_as, world):
    admin = login_as("national_admin")
    yesterday = (factories.today() - timedelta(days=1)).isoformat()
    response = post(admin, "/admin/commitments/new", {**TEXTS, "previous_counts_until": yesterday})
    assert response.status_code == 400 and "Valitse tämä päivä tai myöhempi päivä." in response.get_data(as_text=True)


def test_a_site_approved_from_a_later_date_is_told_the_date_not_that_the_card_is_invalid(
        app, login_as, world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    starts = factories.today() + timedelta(days=20)
    world.venue.approved_from = starts
    db.session.commit()
    verdict = check(venue_api, card)
    assert verdict["site_problem"] == "approval_starts"
    assert str(starts.year) in verdict["message"] and "Kyse ei ole asiakkaan kortin ongelmasta" in verdict["message"]
    desk = login_as("venue")
    page = desk.get("/scan").get_data(as_text=True)
    assert 'data-site-problem="approval_starts"' in page and str(starts.year) in page


def test_after_acknowledging_the_banner_names_the_remaining_block(app, login_as, world):
    version = factories.publish_commitment("2026-1")
    world.venue.approved_from = factories.today() + timedelta(days=20)
    db.session.commit()
    desk = login_as("venue")
    assert 'data-site-problem="approval_starts"' in desk.get("/scan").get_data(as_text=True)
    factories.acknowledge(world.venue, version)
    db.session.commit()
    world.venue.approved_from = None
    db.session.commit()
    assert 'data-site-problem' not in desk.get("/scan").get_data(as_text=True)
