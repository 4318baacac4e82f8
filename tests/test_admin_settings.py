"""National settings: validated, noted, stored on row 1, audited, and used by what follows."""
import pytest
from sqlalchemy import select

from app.core.dates import add_months
from app.extensions import db
from app.models import AuditEntry, NationalSettings
from tests import factories
from tests.conftest import Api, post_form as post

pytestmark = pytest.mark.db

VALUES = {"validity_months": "24", "child_age_limit": "18", "quota_percent": "5", "group_limit": "10",
          "undo_hours": "24", "note": "Board decision 3/2026"}



@pytest.mark.parametrize("field, value", [("validity_months", "0"), ("validity_months", "37"),
                                          ("child_age_limit", "26"), ("quota_percent", "101"),
                                          ("group_limit", "0"), ("undo_hours", "169"), ("note", ""),
                                          ("quota_percent", "x")])
def test_out_of_range_or_missing_note_is_refused_and_stores_nothing(login_as, world, field, value):
    response = post(login_as("national_admin"), "/admin/settings", {**VALUES, field: value})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.get(NationalSettings, 1) is None
    assert db.session.scalars(select(AuditEntry)).first() is None


def test_quota_zero_is_allowed(login_as, world):
    assert post(login_as("national_admin"), "/admin/settings", {**VALUES, "quota_percent": "0"}).status_code == 302
    assert db.session.get(NationalSettings, 1).quota_percent == 0


def test_a_change_is_stored_on_row_one_audited_and_used_by_the_next_registration(app, login_as, world):
    admin = world.people["national_admin"]
    assert post(login_as("national_admin"), "/admin/settings", VALUES).status_code == 302
    db.session.expire_all()
    row = db.session.get(NationalSettings, 1)
    assert (row.validity_months, row.quota_percent, row.note, row.changed_by_id) == \
        (24, 5, "Board decision 3/2026", admin.id)
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.action == "settings_changed" and entry.user_id == admin.id
    assert entry.details["old"]["validity_months"] == 12 and entry.details["new"]["validity_months"] == 24
    assert entry.details["note"] == "Board decision 3/2026"

    card = factories.stock_card(site=world.distributor)
    db.session.commit()
    api = Api(app.test_client(), world.keys["distributor"])
    body = {"kind": "client", "birth_year": 1980, "postcode": "04300", "municipality": "858", "children": 0}
    response = api.post(f"/api/v1/cards/{card.id}/registration", json=body)
    assert response.status_code == 201
    assert response.get_json()["card"]["valid_until"] == add_months(factories.today(), 24).isoformat()


def test_a_second_change_updates_the_same_row(login_as, world):
    client = login_as("national_admin")
    post(client, "/admin/settings", VALUES)
    assert post(client, "/admin/settings", {**VALUES, "group_limit": "12", "note": "More"}).status_code == 302
    db.session.expire_all()
    assert db.session.scalars(select(NationalSettings)).one().group_limit == 12
    assert [e.details["old"]["group_limit"] for e in db.session.scalars(select(AuditEntry))] == [10, 10]


def test_only_the_national_admin_changes_settings(login_as, world):
    assert post(login_as("coordinator"), "/admin/settings", VALUES).status_code == 403
