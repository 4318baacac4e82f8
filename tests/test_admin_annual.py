"""The coordinators' year: a checklist per area and year from the template, ticked and edited in scope."""
from datetime import date

from app.network import annual
from app.core.dates import today
from app.core.audit import Actor
from app.extensions import db
from app.models import AnnualTask
from tests import factories
from tests.conftest import csrf_from, login


def tasks(area_id, year):
    return db.session.scalars(db.select(AnnualTask).where(AnnualTask.area_id == area_id, AnnualTask.year == year)
                              .order_by(AnnualTask.id)).all()


def url(world, year=None):
    return f"/admin/annual/{world.area.id}/{year or today().year}"


def test_the_checklist_is_copied_from_the_template_on_first_view(login_as, world):
    client = login_as("coordinator")
    html = client.get(url(world)).get_data(as_text=True)
    assert len(tasks(world.area.id, today().year)) == len(annual.TEMPLATE)
    assert "Kaikkien vastuuhenkilöiden valtakunnallinen vuositapaaminen" in html
    client.get(url(world))
    assert len(tasks(world.area.id, today().year)) == len(annual.TEMPLATE)
    assert all(t.fi and t.sv and t.en and 1 <= t.month_from <= t.month_to <= 12 for t in annual.TEMPLATE)


def test_tasks_are_ticked_and_unticked(login_as, world):
    client = login_as("coordinator")
    html = client.get(url(world)).get_data(as_text=True)
    task = tasks(world.area.id, today().year)[0]
    token = csrf_from(html)
    ticked = client.post(f"/admin/annual/tasks/{task.id}/done", data={"csrf_token": token, "done": "1"})
    assert ticked.status_code == 302
    assert db.session.get(AnnualTask, task.id).done_at is not None
    assert 'data-done="yes"' in client.get(url(world)).get_data(as_text=True)
    client.post(f"/admin/annual/tasks/{task.id}/done", data={"csrf_token": token, "done": "0"})
    assert db.session.get(AnnualTask, task.id).done_at is None


def test_an_area_adds_and_removes_its_own_tasks(login_as, world):
    client = login_as("coordinator")
    token = csrf_from(client.get(url(world)).get_data(as_text=True))
    added = client.post(url(world), data={"csrf_token": token, "text": "Kirjaston esittely", "party": "municipality",
                                          "month_from": "4", "month_to": "4"})
    assert added.status_code == 302
    task = db.session.scalars(db.select(AnnualTask).where(AnnualTask.text_fi == "Kirjaston esittely")).one()
    backwards = client.post(url(world), data={"csrf_token": token, "text": "X", "party": "county",
                                              "month_from": "5", "month_to": "2"})
    assert backwards.status_code == 400
    confirm = client.get(f"/admin/annual/tasks/{task.id}/remove")
    assert confirm.status_code == 200 and "Kirjaston esittely" in confirm.get_data(as_text=True)
    assert db.session.get(AnnualTask, task.id) is not None
    removed = client.post(f"/admin/annual/tasks/{task.id}/remove", data={"csrf_token": token})
    assert removed.status_code == 302 and db.session.get(AnnualTask, task.id) is None


def test_an_emptied_checklist_stays_empty(login_as, world):
    client = login_as("coordinator")
    token = csrf_from(client.get(url(world)).get_data(as_text=True))
    for task in tasks(world.area.id, today().year):
        client.post(f"/admin/annual/tasks/{task.id}/remove", data={"csrf_token": token})
    client.get(url(world))
    assert tasks(world.area.id, today().year) == []


def test_due_this_month_is_on_the_start_page(login_as, world):
    client = login_as("coordinator")
    html = client.get("/admin").get_data(as_text=True)
    month = today().month
    due = [t for t in tasks(world.area.id, today().year) if t.month_from <= month <= t.month_to]
    assert due and all(f'data-task="{t.id}"' in html for t in due)
    token = csrf_from(html)
    client.post(f"/admin/annual/tasks/{due[0].id}/done", data={"csrf_token": token, "done": "1"})
    assert f'data-task="{due[0].id}"' not in client.get("/admin").get_data(as_text=True)


def test_due_picks_tasks_whose_months_include_today(app, world):
    march = annual.due([world.area.id], date(2025, 3, 15), Actor())
    assert march and all(t.month_from <= 3 <= t.month_to for t in march)
    assert {t.party for t in annual.due([world.area.id], date(2025, 7, 1), Actor())} == {"national_centre"}


def test_another_areas_coordinator_cannot_see_or_change_the_checklist(client, login_as, world, app):
    login_as("coordinator").get(url(world))
    task = tasks(world.area.id, today().year)[0]
    other = app.test_client()
    factories.user("coordinator", area_obj=world.other_area, email="oulu@example.fi")
    db.session.commit()
    login(other, "oulu@example.fi")
    assert other.get(url(world)).status_code == 404
    token = csrf_from(other.get("/admin").get_data(as_text=True))
    assert other.post(f"/admin/annual/tasks/{task.id}/done", data={"csrf_token": token, "done": "1"}).status_code == 404
    assert other.post(f"/admin/annual/tasks/{task.id}/remove", data={"csrf_token": token}).status_code == 404
    assert db.session.get(AnnualTask, task.id).done_at is None


def test_years_outside_the_range_are_not_found(login_as, world):
    client = login_as("coordinator")
    assert client.get(url(world, 1999)).status_code == 404
    assert client.get(url(world, today().year + 2)).status_code == 404
