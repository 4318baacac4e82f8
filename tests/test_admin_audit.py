"""The audit log: filters, pages, and a coordinator's view limited to its areas."""
from datetime import timedelta

import pytest

from app.cards.service import Actor, audit
from app.extensions import db
from app.models import AuditEntry
from app.models.base import utcnow

pytestmark = pytest.mark.db


def entry(action: str, area_id: int | None, days_ago: int = 0, target: str = "1") -> None:
    audit(Actor(), action, "organisation", target, area_id)
    db.session.flush()
    db.session.query(AuditEntry).order_by(AuditEntry.id.desc()).first().at = utcnow() - timedelta(days=days_ago)


def shown(page: str) -> list[str]:
    return [part.split('"')[0] for part in page.split('data-action="')[1:]]


def test_coordinator_sees_only_its_areas_entries(login_as, world):
    entry("org_approved", world.area.id)
    entry("org_declined", world.other_area.id)
    entry("settings_changed", None)
    db.session.commit()
    assert shown(login_as("coordinator").get("/admin/audit").get_data(as_text=True)) == ["org_approved"]


def test_national_admin_sees_everything_and_filters_by_action_and_dates(login_as, world):
    entry("org_approved", world.area.id, days_ago=10)
    entry("org_declined", world.other_area.id, days_ago=2)
    entry("org_approved", world.other_area.id)
    db.session.commit()
    client = login_as("national_admin")
    assert len(shown(client.get("/admin/audit").get_data(as_text=True))) == 3
    assert shown(client.get("/admin/audit?action=org_approved").get_data(as_text=True)) == ["org_approved"] * 2
    since = (utcnow() - timedelta(days=5)).date().isoformat()
    assert shown(client.get(f"/admin/audit?from={since}").get_data(as_text=True)) == ["org_approved", "org_declined"]
    until = (utcnow() - timedelta(days=5)).date().isoformat()
    assert shown(client.get(f"/admin/audit?to={until}").get_data(as_text=True)) == ["org_approved"]
    assert client.get("/admin/audit?from=yesterday").status_code == 200


def test_the_log_is_paginated_newest_first(login_as, world):
    for number in range(55):
        entry("org_approved", world.area.id, target=str(number))
    db.session.commit()
    client = login_as("coordinator")
    first = client.get("/admin/audit").get_data(as_text=True)
    assert len(shown(first)) == 50 and "page=2" in first
    second = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert len(shown(second)) == 5 and "page=3" not in second


def test_staff_cannot_read_the_log(login_as, world):
    assert login_as("venue").get("/admin/audit").status_code == 403
