"""One state per card, whoever asks: the public check, the issuing card page and the desk verdict all
start from `rules.card_state`, and every code has its translated label."""
import pytest
from flask_babel import force_locale

from app.cards import desk, rules
from app.core import labels
from app.extensions import db
from app.models.card import (
    CARD_ACTIONS, CARD_KINDS, GENDERS, INACTIVATION_REASONS, LIFE_SITUATIONS, STORED_STATES,
)
from app.models.offer import HOW_TO_GET
from app.models.organisation import APPROVAL_STATES, CATEGORIES, ORG_KINDS
from app.models.user import ROLES, SIDES
from tests.conftest import Api
from tests.factories import (
    ActiveCardFactory, ExpiredCardFactory, InactivatedCardFactory, StockCardFactory, today,
)

# state: (the card, what the public check answers, the desk verdict's reason)
STATES = {
    rules.STOCK: (lambda w: StockCardFactory.create(site=w.distributor), "not_registered", "not_registered"),
    rules.ACTIVE: (lambda w: ActiveCardFactory.create(w.distributor), "valid", "valid"),
    rules.EXPIRED: (lambda w: ExpiredCardFactory.create(w.distributor), "expired", "expired"),
    rules.INACTIVATED: (lambda w: InactivatedCardFactory.create(w.distributor), "not_in_use", "inactivated"),
}


def test_the_table_covers_every_state():
    assert set(STATES) == set(rules.CARD_STATES)


@pytest.mark.db
@pytest.mark.parametrize("state", rules.CARD_STATES)
def test_public_check_issuing_page_and_desk_verdict_agree(app, world, login_as, state):
    make, public, reason = STATES[state]
    card = make(world)
    db.session.commit()
    assert rules.card_state(card, today()) == state

    anonymous = app.test_client()
    assert anonymous.get(f"/api/v1/public/cards/{card.id}").get_json()["state"] == public
    assert f'data-state="{public}"' in anonymous.get(f"/c/{card.id}").get_data(as_text=True)

    page = login_as("distributor").get(f"/issue/cards/{card.id}")
    with force_locale("fi"):
        label = str(labels.CARD_STATE[state])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'data-status="{state}"' in html and f'data-field="status">{label}</dd>' in html

    assert desk.check(card.id, venue=world.venue)[0].reason == reason
    verdict = Api(app.test_client(), world.keys["venue"]).get(f"/api/v1/cards/{card.id}").get_json()
    assert verdict["reason"] == reason
    assert (verdict["status"] == rules.OK) == (state == rules.ACTIVE)


@pytest.mark.db
def test_renewal_and_inactivation_elsewhere_are_refused_alike(app, world, login_as):
    card = ActiveCardFactory.create(world.other_distributor)
    db.session.commit()
    api = Api(app.test_client(), world.keys["distributor"])
    renewal = api.post(f"/api/v1/cards/{card.id}/renewal", json={})
    inactivation = api.post(f"/api/v1/cards/{card.id}/inactivation", json={"reason": "lost"})
    assert renewal.status_code == inactivation.status_code == 403
    assert renewal.get_json() == inactivation.get_json()
    assert renewal.get_json()["error"] == "other_distributor"
    page = login_as("distributor").get(f"/issue/cards/{card.id}/renew")
    assert page.status_code == 403 and renewal.get_json()["message"] in page.get_data(as_text=True)


CODE_FAMILIES = {
    "card state": (labels.CARD_STATE, rules.CARD_STATES),
    "stored card state": (labels.STORED_CARD_STATE, STORED_STATES),
    "card kind": (labels.CARD_KIND, CARD_KINDS),
    "card action": (labels.CARD_ACTION, CARD_ACTIONS),
    "inactivation reason": (labels.INACTIVATION_REASON, INACTIVATION_REASONS),
    "gender": (labels.GENDER, GENDERS),
    "life situation": (labels.LIFE_SITUATION, LIFE_SITUATIONS),
    "refusal reason": (labels.REFUSAL_REASON, rules.REFUSALS),
    "category": (labels.CATEGORY, CATEGORIES),
    "how to get": (labels.HOW_TO_GET, HOW_TO_GET),
    "organisation kind": (labels.ORG_KIND, ORG_KINDS),
    "organisation state": (labels.ORG_STATE, APPROVAL_STATES),
    "role": (labels.ROLE, ROLES),
    "side": (labels.SIDE, SIDES),
}


@pytest.mark.parametrize("family", sorted(CODE_FAMILIES))
def test_every_code_has_a_label_and_every_label_a_code(family):
    texts, codes = CODE_FAMILIES[family]
    assert sorted(texts) == sorted(codes)


def test_every_verdict_reason_is_accepted_or_a_refusal():
    assert set(rules.ACCEPTED) | set(rules.REFUSALS) == set(rules.REASONS)
    assert not set(rules.ACCEPTED) & set(rules.REFUSALS)
