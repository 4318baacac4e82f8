"""Materials (issue #14, point 6): the national admin and the areas' coordinators publish files and links;
each role's start page lists what is meant for it with new items marked; staff see "start here" until
they have opened their induction material."""
import io
import os
import re
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext

from app.core.audit import Actor
from app.extensions import db
from app.models import AuditEntry
from app.models.base import utcnow
from app.models.material import Material, MaterialOpening
from app.network import materials
from app.network.people import membership
from app.network.material_files import MAX_BYTES
from tests import factories
from tests.conftest import csrf_from, login

pytestmark = pytest.mark.db

PDF = b"%PDF-1.7\n" + os.urandom(3000) + b"\n%%EOF\n"


def person(app, email):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def publish(client, file=None, **fields):
    token = csrf_from(client.get("/admin/materials/new").get_data(as_text=True))
    data = {"csrf_token": token, "title_fi": "Perehdytys jakajille", "description_fi": "Lue tämä ensin.",
            "audience": "distributors", "kind": "induction", "language": "all", **fields}
    if file is not None:
        data["file"] = (io.BytesIO(file[1]), file[0])
    return client.post("/admin/materials/new", data=data, content_type="multipart/form-data")


def only_material() -> Material:
    rows = db.session.query(Material).all()
    assert len(rows) == 1
    return rows[0]


def finnish(message: str, **values) -> str:
    """What the Finnish page says for this message (the default language, as the staff see it)."""
    with force_locale("fi"):
        return gettext(message, **values)


def listed(html: str, material_id: int) -> re.Match | None:
    return re.search(rf'<li data-material="{material_id}"( data-new)?>', html)


def test_a_national_induction_file_reaches_distributors_marked_new_until_opened(app, world):
    admin = person(app, "admin@example.fi")
    response = publish(admin, file=("perehdytys.pdf", PDF))
    assert response.status_code == 302, response.get_data(as_text=True)
    item = only_material()
    assert item.area_id is None and item.content_type == "application/pdf" and item.file_size == len(PDF)
    assert db.session.query(AuditEntry).filter_by(action="material_published", target_id=str(item.id)).count() == 1

    staff = person(app, "dist@example.fi")
    start = staff.get("/issue").get_data(as_text=True)
    assert listed(start, item.id).group(1) == " data-new"
    assert "Perehdytys jakajille" in start and finnish("New") in start
    assert f'data-start-here="{item.id}"' in start
    assert f'data-start-here="{item.id}"' in staff.get("/stats").get_data(as_text=True)  # on every page

    download = staff.get(f"/materials/{item.id}")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "perehdytys.pdf" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == "application/pdf"

    again = staff.get("/issue").get_data(as_text=True)
    assert listed(again, item.id).group(1) is None
    assert "data-start-here" not in again
    assert db.session.query(MaterialOpening).count() == 1
    staff.get(f"/materials/{item.id}")
    assert db.session.query(MaterialOpening).count() == 1  # the first opening counts; a second adds nothing


def test_venue_staff_neither_see_nor_open_a_distributors_item(app, world):
    publish(person(app, "admin@example.fi"), file=("perehdytys.pdf", PDF))
    item = only_material()
    venue = person(app, "venue@example.fi")
    desk = venue.get("/scan").get_data(as_text=True)
    assert listed(desk, item.id) is None and "data-start-here" not in desk
    assert venue.get(f"/materials/{item.id}").status_code == 404


def test_a_venue_item_is_on_the_desk_and_starts_venue_staff(app, world):
    publish(person(app, "admin@example.fi"), file=("ohje.png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
            audience="venues", title_fi="Kohteen opas")
    item = only_material()
    venue = person(app, "venue@example.fi")
    desk = venue.get("/scan").get_data(as_text=True)
    assert listed(desk, item.id).group(1) == " data-new" and f'data-start-here="{item.id}"' in desk
    assert "data-start-here" not in person(app, "dist@example.fi").get("/issue").get_data(as_text=True)


def test_an_area_item_is_seen_only_in_that_area(app, world):
    coordinator = person(app, "coord@example.fi")
    response = publish(coordinator, link_url="https://example.fi/keski-uusimaa/perehdytys", kind="communication",
                       title_fi="Alueen esite")
    assert response.status_code == 302, response.get_data(as_text=True)
    item = only_material()
    assert item.area_id == world.area.id and item.link_url == "https://example.fi/keski-uusimaa/perehdytys"

    staff = person(app, "dist@example.fi")
    assert listed(staff.get("/issue").get_data(as_text=True), item.id)
    opened = staff.get(f"/materials/{item.id}")
    assert opened.status_code == 302 and opened.headers["Location"] == item.link_url

    factories.user("distributor", org=world.other_distributor, email="oulu@example.fi")
    db.session.commit()
    elsewhere = person(app, "oulu@example.fi")
    assert listed(elsewhere.get("/issue").get_data(as_text=True), item.id) is None
    assert elsewhere.get(f"/materials/{item.id}").status_code == 404

    assert "Alueen esite" in coordinator.get("/admin/materials").get_data(as_text=True)
    assert "Alueen esite" not in person(app, "admin@example.fi").get("/admin/materials").get_data(as_text=True)


def test_each_side_changes_only_its_own_items(app, world):
    admin, coordinator = person(app, "admin@example.fi"), person(app, "coord@example.fi")
    publish(admin, link_url="https://example.fi/kansallinen", title_fi="Kansallinen")
    national = only_material()
    publish(coordinator, link_url="https://example.fi/alue", title_fi="Alueen oma")
    own = db.session.query(Material).filter_by(title_fi="Alueen oma").one()
    assert coordinator.get(f"/admin/materials/{national.id}/edit").status_code == 404
    assert admin.get(f"/admin/materials/{own.id}/withdraw").status_code == 404
    listing = coordinator.get("/admin/materials").get_data(as_text=True)
    assert "Kansallinen" in listing and f"/admin/materials/{national.id}/edit" not in listing
    assert f"/admin/materials/{own.id}/edit" in listing

    token = csrf_from(coordinator.get(f"/admin/materials/{own.id}/edit").get_data(as_text=True))
    changed = coordinator.post(f"/admin/materials/{own.id}/edit", content_type="multipart/form-data", data={
        "csrf_token": token, "title_fi": "Alueen oma 2026", "title_sv": "Områdets egen", "audience": "venues",
        "kind": "template", "language": "fi", "link_url": "https://example.fi/alue",
        "file": (io.BytesIO(PDF), "kortti.pdf")})
    assert changed.status_code == 302, changed.get_data(as_text=True)
    db.session.refresh(own)
    assert (own.title_fi, own.audience, own.kind, own.file_name, own.link_url) == (
        "Alueen oma 2026", "venues", "template", "kortti.pdf", None)
    assert own.title("sv") == "Områdets egen" and own.title("en") == "Alueen oma 2026"
    entry = db.session.query(AuditEntry).filter_by(action="material_changed", target_id=str(own.id)).one()
    assert entry.details["changes"]["title"] == {"before": "Alueen oma", "after": "Alueen oma 2026"}


def test_an_oversized_file_is_refused_in_finnish(app, world):
    admin = person(app, "admin@example.fi")
    response = publish(admin, file=("iso.pdf", b"%PDF-1.7\n" + bytes(MAX_BYTES)))
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert '<html lang="fi">' in html
    assert finnish("The file is larger than %(mb)d MB.", mb=MAX_BYTES // (1024 * 1024)) in html
    assert db.session.query(Material).count() == 0


def test_a_program_renamed_to_pdf_is_refused_in_finnish(app, world):
    admin = person(app, "admin@example.fi")
    response = publish(admin, file=("ohje.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(500)))
    assert response.status_code == 400
    assert finnish("The content of the file does not match its name (.%(ext)s).", ext="pdf") in response.get_data(
        as_text=True)
    refused = publish(admin, file=("ohje.exe", b"MZ\x90\x00" + bytes(500)))
    assert refused.status_code == 400
    assert db.session.query(Material).count() == 0


def test_a_plain_http_link_is_refused(app, world):
    response = publish(person(app, "coord@example.fi"), link_url="http://example.fi/esite")
    assert response.status_code == 400
    assert finnish("The link must be a full address starting with https://.") in response.get_data(as_text=True)
    assert db.session.query(Material).count() == 0


def test_neither_or_both_a_file_and_a_link_are_refused(app, world):
    admin = person(app, "admin@example.fi")
    assert publish(admin).status_code == 400
    both = publish(admin, file=("a.pdf", PDF), link_url="https://example.fi/a")
    assert both.status_code == 400
    assert finnish("Give either a file or a link, not both.") in both.get_data(as_text=True)
    assert db.session.query(Material).count() == 0


def test_withdrawing_asks_first_and_then_hides_the_item(app, world):
    admin = person(app, "admin@example.fi")
    publish(admin, file=("perehdytys.pdf", PDF))
    item = only_material()
    confirm = admin.get(f"/admin/materials/{item.id}/withdraw")
    assert confirm.status_code == 200 and "Perehdytys jakajille" in confirm.get_data(as_text=True)
    assert item.withdrawn_at is None  # asking changed nothing
    token = csrf_from(confirm.get_data(as_text=True))
    assert admin.post(f"/admin/materials/{item.id}/withdraw", data={}).status_code == 400  # no token, no change
    done = admin.post(f"/admin/materials/{item.id}/withdraw", data={"csrf_token": token})
    assert done.status_code == 302
    db.session.refresh(item)
    assert item.withdrawn_at is not None
    assert db.session.query(AuditEntry).filter_by(action="material_withdrawn").count() == 1

    staff = person(app, "dist@example.fi")
    start = staff.get("/issue").get_data(as_text=True)
    assert listed(start, item.id) is None and "data-start-here" not in start
    assert staff.get(f"/materials/{item.id}").status_code == 404
    assert f"/materials/{item.id}" not in admin.get("/admin/materials").get_data(as_text=True)


def test_coordinators_see_their_items_on_the_admin_start_page(app, world):
    publish(person(app, "admin@example.fi"), link_url="https://example.fi/koulutus", audience="coordinators",
            title_fi="Vastuuhenkilön opas")
    item = only_material()
    coordinator = person(app, "coord@example.fi")
    start = coordinator.get("/admin").get_data(as_text=True)
    assert listed(start, item.id).group(1) == " data-new"
    coordinator.get(f"/materials/{item.id}")
    assert listed(coordinator.get("/admin").get_data(as_text=True), item.id).group(1) is None
    assert "data-start-here" not in start  # the banner is for the partners' staff


def test_new_lasts_sixty_days_from_publishing(app, world):
    now = utcnow()
    admin, staff = world.people["national_admin"], world.people["distributor"]
    old = materials.publish({"title_fi": "Vanha", "audience": "distributors", "kind": "communication",
                             "language": "fi", "link_url": "https://example.fi/vanha"}, None, None, admin,
                            Actor(user_id=admin.id), now=now - timedelta(days=61))
    fresh = materials.publish({"title_fi": "Uusi", "audience": "distributors", "kind": "communication",
                               "language": "fi", "link_url": "https://example.fi/uusi"}, None, None, admin,
                              Actor(user_id=admin.id), now=now - timedelta(days=59))
    items = materials.for_staff(staff, "distributor", now=now)
    assert [(i.material.id, i.new) for i in items] == [(fresh.id, True), (old.id, False)]  # newest first


def test_a_coordinator_of_two_areas_chooses_one_of_their_own(app, world):
    world.people["coordinator"].memberships.append(membership("coordinator", area_id=world.other_area.id))
    db.session.commit()
    coordinator = person(app, "coord@example.fi")
    unchosen = publish(coordinator, link_url="https://example.fi/a")
    assert unchosen.status_code == 400 and finnish("Choose the area.") in unchosen.get_data(as_text=True)
    elsewhere = factories.area("Lappi", ("698",))
    db.session.commit()
    assert publish(coordinator, link_url="https://example.fi/a", area=str(elsewhere.id)).status_code == 404
    assert publish(coordinator, link_url="https://example.fi/a", area=str(world.other_area.id)).status_code == 302
    assert only_material().area_id == world.other_area.id
