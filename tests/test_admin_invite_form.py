"""The invitation form offers only what fits: the roles the user may grant, distributor sites for
distributor staff and venues for venue staff, and the areas and sides a coordinator may give."""
from collections import defaultdict
from html.parser import HTMLParser

import pytest

from app.extensions import db
from tests import factories
from tests.conftest import login, post_form

pytestmark = pytest.mark.db


class Choices(HTMLParser):
    """The option labels of each select, keyed by the select's name and the optgroup's data-role."""

    def __init__(self, html: str):
        super().__init__()
        self.found: dict[tuple[str, str | None], list[str]] = defaultdict(list)
        self.select = self.group = None
        self.in_option = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.select = attrs["name"]
        elif tag == "optgroup":
            self.group = attrs.get("data-role")
        elif tag == "option" and self.select:
            self.in_option = attrs.get("value") not in ("", "0")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "optgroup":
            self.group = None
        elif tag == "option":
            self.in_option = False

    def handle_data(self, data):
        if self.in_option and data.strip():
            self.found[(self.select, self.group)].append(data.strip())

    def of(self, select: str, group: str | None = None) -> list[str]:
        return self.found.get((select, group), [])


def invite_page(client) -> str:
    post_form(client, "/language", {"lang": "en"})
    response = client.get("/admin/people/invite")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def form_choices(client) -> Choices:
    return Choices(invite_page(client))


def test_the_national_admin_is_offered_every_role_and_every_open_organisation(login_as, world):
    factories.organisation("venue", name="Suljettu teatteri").approval_state = "deactivated"
    db.session.commit()
    choices = form_choices(login_as("national_admin"))
    assert choices.of("role") == ["National support centre", "Coordinator", "Distributor staff", "Venue staff"]
    assert choices.of("organisation_id", "distributor") == ["Muu jakaja", "Sosiaalityö"]
    assert choices.of("organisation_id", "venue") == ["Muu teatteri", "Teatteri"]
    assert choices.of("area_id") == ["Keski-Uusimaa", "Oulu"]
    assert choices.of("side") == ["Culture side (venues)", "Sote side (distributors)", "Both sides"]


def test_a_coordinator_is_offered_only_its_own_area(login_as, world):
    choices = form_choices(login_as("coordinator"))
    assert choices.of("role") == ["Coordinator", "Distributor staff", "Venue staff"]
    assert choices.of("organisation_id", "distributor") == ["Sosiaalityö"]
    assert choices.of("organisation_id", "venue") == ["Teatteri"]
    assert choices.of("area_id") == ["Keski-Uusimaa"]


def test_a_culture_side_coordinator_is_offered_venues_of_its_areas_and_the_culture_side(client, world):
    culture = factories.user("coordinator", area_obj=world.area, side="culture")
    db.session.commit()
    login(client, culture.email)
    choices = form_choices(client)
    assert choices.of("role") == ["Coordinator", "Venue staff"]
    assert choices.of("organisation_id", "distributor") == []
    assert choices.of("organisation_id", "venue") == ["Teatteri"]
    assert choices.of("area_id") == ["Keski-Uusimaa"]
    assert choices.of("side") == ["Culture side (venues)"]


def test_each_field_says_which_role_it_is_for(login_as, world):
    page = invite_page(login_as("national_admin"))
    assert 'data-for-roles="distributor venue"' in page and 'data-for-roles="coordinator"' in page
    for label in ("Organisation (distributor and venue staff)", "Area (coordinators)", "Side (coordinators)"):
        assert label in page
