"""The audit log: filters, pages, and a coordinator's view limited to its areas."""
import html
import re
from datetime import timedelta

import pytest

from app.core.audit import Actor, audit
from app.extensions import db
from app.models import AuditEntry, StockRequest
from app.models.base import utcnow

pytestmark = pytest.mark.db
EN = {"Accept-Language": "en"}


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


def test_every_audited_action_has_a_label_in_the_log():
    """Each action the code writes is named in words on the audit log page, never as a bare code."""
    import ast
    from pathlib import Path

    from app.core.labels import AUDIT_ACTION

    written = set()
    for path in (Path(__file__).parent.parent / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "audit" \
                    and len(node.args) > 1:
                action = node.args[1]
                choices = [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
                written |= {c.value for c in choices if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    assert {"use_undone", "org_created", "org_changed", "annual_undone"} <= written
    assert sorted(written - set(AUDIT_ACTION)) == []


def many(count: int, action: str = "org_approved", area_id: int | None = None) -> None:
    """`count` entries a minute apart, the newest first in target order: organisation #1000, #1001, ..."""
    now = utcnow()
    db.session.add_all(AuditEntry(action=action, target_type="organisation", target_id=str(1000 + number),
                                  area_id=area_id, details={}, at=now - timedelta(minutes=number))
                       for number in range(count))
    db.session.commit()


def visible(page: str) -> str:
    """The text a reader sees: no tags, attributes or option values."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def targets(page: str) -> list[str]:
    return re.findall(r'data-target="[^"]*">([^<]*)</td>', page)


def test_national_admin_reaches_the_last_page(login_as, world):
    many(120, area_id=world.area.id)
    client = login_as("national_admin")
    first = client.get("/admin/audit", headers=EN).get_data(as_text=True)
    assert "Page 1" in first and "Next page" in first and len(shown(first)) == 50
    assert targets(first)[0] == "Organisation #1000"  # newest first
    last = client.get("/admin/audit?page=3", headers=EN).get_data(as_text=True)
    assert "Page 3" in last and "Previous page" in last and "Next page" not in last
    assert targets(last) == [f"Organisation #{1100 + number}" for number in range(20)]


def test_the_filter_is_kept_on_every_page(login_as, world):
    many(60, action="org_approved")
    many(5, action="org_declined")
    client = login_as("national_admin")
    first = client.get("/admin/audit?action=org_approved", headers=EN).get_data(as_text=True)
    assert "Page 1" in first and len(shown(first)) == 50
    next_link = html.unescape(re.search(r'href="([^"]+)" rel="next"', first).group(1))
    assert "action=org_approved" in next_link
    second = client.get(next_link, headers=EN).get_data(as_text=True)
    assert shown(second) == ["org_approved"] * 10
    assert "action=org_approved" in html.unescape(re.search(r'href="([^"]+)" rel="prev"', second).group(1))


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "", "99999999999999999999", "%EF%BC%92"])
def test_a_page_that_is_not_a_page_number_shows_the_first_page(login_as, world, page):
    many(55)
    response = login_as("national_admin").get(f"/admin/audit?page={page}", headers=EN)
    assert response.status_code == 200 and 'data-page="1"' in response.get_data(as_text=True)


def test_a_page_past_the_last_one_is_not_found(login_as, world):
    many(100)
    client = login_as("national_admin")
    assert client.get("/admin/audit?page=2").status_code == 200
    assert client.get("/admin/audit?page=3").status_code == 404
    assert client.get("/admin/audit?page=2&action=org_declined").status_code == 404
    assert client.get("/admin/audit?page=1&action=org_declined").status_code == 200


def test_targets_are_shown_by_name(login_as, world):
    request = StockRequest(site_id=world.distributor.id, count=200)
    db.session.add(request)
    db.session.flush()
    user = world.people["venue"]
    audit(Actor(), "stock_requested", "stock_request", request.id, world.area.id, count=200)
    audit(Actor(), "org_approved", "organisation", world.venue.id, world.area.id)
    audit(Actor(), "password_reset_link", "user", user.id, world.area.id)
    audit(Actor(), "series_generated", "card_series", 7, world.area.id, count=10, kind="client")
    db.session.commit()
    page = login_as("national_admin").get("/admin/audit", headers=EN).get_data(as_text=True)
    assert set(targets(page)) == {f"Card request #{request.id} (Sosiaalityö, 200 cards)", "Venue: Teatteri",
                                  "Person: venue@example.fi", "Series #7"}
    assert "stock_request" not in visible(page)
    assert "Client card" in page  # the series' kind in words


def test_details_show_labels_and_no_raw_none(login_as, world):
    audit(Actor(), "card_inactivated", "card", "ABC123", world.area.id, reason="lost", replacement=None)
    audit(Actor(), "role_invited", "invitation", 1, world.area.id, email="new@example.fi", role="venue",
          organisation_id=world.venue.id, side=None)
    audit(Actor(), "role_granted", "user", world.people["coordinator"].id, world.area.id,
          changes={"memberships": {"before": [], "after": ["coordinator: Keski-Uusimaa (culture)"]}})
    db.session.commit()
    page = visible(login_as("national_admin").get("/admin/audit", headers=EN).get_data(as_text=True))
    assert "Reason: Lost" in page and "Card: ABC123" in page
    assert "None" not in page and "replacement" not in page.lower()
    assert "Role: Venue staff" in page and "Organisation: Teatteri" in page and "organisation_id" not in page
    assert "Roles: – → Coordinator: Keski-Uusimaa, Culture side (venues)" in page


def test_a_settings_change_shows_what_changed(login_as, world):
    old = {"validity_months": 12, "group_limit": 10}
    audit(Actor(), "settings_changed", "national_settings", 1, old=old, new={**old, "validity_months": 24},
          note="Pidempi voimassaolo")
    db.session.commit()
    page = login_as("national_admin").get("/admin/audit", headers=EN).get_data(as_text=True)
    assert "Card validity in months: 12 → 24" in page and "Note on the change: Pidempi voimassaolo" in page
    assert "Largest group on a community card" not in page  # unchanged
    assert "National settings" in targets(page)
