"""Materials (DESIGN §6, issue #14 point 6): the national centre's and each area's induction and
communication materials and templates, who each is meant for, and who has opened which.

National items (area_id NULL) are published by the national admin; an area's own by its
coordinators. Staff of a distributor site or a venue see the items for their audience, national
and of their sites' areas; coordinators see the national items and their areas' items; the
national admin sees everything. Flush only; every change is audited.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, and_, case, exists, false, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from app.core.audit import Actor, audit
from app.core.errors import DomainError, refuse
from app.extensions import db
from app.models.base import utcnow
from app.models.material import AUDIENCES, MATERIAL_KINDS, MATERIAL_LANGUAGES, Material, MaterialOpening
from app.network.material_files import Upload, check_link
from app.network.scope import coordinator_areas, is_national, own_sites

NEW_FOR_DAYS = 60
MAX_TITLE = 200
MAX_DESCRIPTION = 4000
# The audience a member of staff belongs to, by the kind of their site.
STAFF_AUDIENCE = {"distributor": "distributors", "venue": "venues"}
TEXT_FIELDS = ("title_fi", "title_sv", "title_en", "description_fi", "description_sv", "description_en")


@dataclass(frozen=True)
class Listed:
    material: Material
    new: bool


# Who may see and change what

def managed_area_ids(principal) -> set[int | None]:
    """The national admin manages the national items (None); a coordinator its areas' own."""
    return {None} if is_national(principal) else set(coordinator_areas(principal))


def can_manage(material: Material, principal) -> bool:
    return material.area_id in managed_area_ids(principal)


def staff_scope(principal) -> tuple[set[str], set[int]]:
    """The audiences a person belongs to as staff of sites, and those sites' areas."""
    audiences, area_ids = set(), set()
    for kind, audience in STAFF_AUDIENCE.items():
        for site in own_sites(kind, principal):
            audiences.add(audience)
            area_ids.add(site.area_id)
    return audiences, area_ids


def visible_to(material: Material, principal) -> bool:
    if material.withdrawn_at is not None:
        return False
    if is_national(principal):
        return True
    coordinated = coordinator_areas(principal)
    if coordinated and (material.area_id is None or material.area_id in coordinated):
        return True
    audiences, area_ids = staff_scope(principal)
    return material.audience in audiences and (material.area_id is None or material.area_id in area_ids)


def _where(audiences: set[str] | None, area_ids: set[int] | None):
    """Live items for these audiences (None: any), national or of these areas (None: every area)."""
    clauses = [Material.withdrawn_at.is_(None)]
    if audiences is not None:
        clauses.append(Material.audience.in_(sorted(audiences)) if audiences else false())
    if area_ids is not None:
        clauses.append(or_(Material.area_id.is_(None), Material.area_id.in_(sorted(area_ids))))
    return and_(*clauses)


# Lists

def _listed(query: Select, user_id: int, now: datetime) -> list[Listed]:
    """The items with their "new" mark for this person, newest first, in one query."""
    since = now - timedelta(days=NEW_FOR_DAYS)
    rows = db.session.execute(
        query.add_columns(MaterialOpening.opened_at)
        .outerjoin(MaterialOpening, and_(MaterialOpening.material_id == Material.id, MaterialOpening.user_id == user_id))
        .order_by(Material.published_at.desc(), Material.id.desc())).all()
    return [Listed(material, opened is None and material.published_at >= since) for material, opened in rows]


def for_staff(principal, kind: str, now: datetime | None = None) -> list[Listed]:
    """What is meant for a distributor's or a venue's staff: their audience, national and their sites' areas."""
    areas = {site.area_id for site in own_sites(kind, principal)}
    if not areas:
        return []
    return _listed(select(Material).where(_where({STAFF_AUDIENCE[kind]}, areas)), principal.id, now or utcnow())


def for_coordinators(principal, now: datetime | None = None) -> list[Listed]:
    """What is meant for coordinators: national items, and a coordinator's own areas' items."""
    areas = set() if is_national(principal) else set(coordinator_areas(principal))
    return _listed(select(Material).where(_where({"coordinators"}, areas)), principal.id, now or utcnow())


def for_admin(principal, now: datetime | None = None) -> list[Listed]:
    """/admin/materials: the national items, and a coordinator's areas' own, for every audience."""
    areas = set() if is_national(principal) else set(coordinator_areas(principal))
    return _listed(select(Material).where(_where(None, areas)), principal.id, now or utcnow())


def start_here(principal, lang: str) -> Material | None:
    """For staff of a site who have opened no induction material meant for them: the one to start
    from (national first, then in their language, newest). One query; nothing for anyone else."""
    audiences, area_ids = staff_scope(principal)
    if not audiences:
        return None
    seen = aliased(Material)
    opened_one = exists().where(MaterialOpening.user_id == principal.id, MaterialOpening.material_id == seen.id,
                                seen.kind == "induction", seen.audience.in_(sorted(audiences)))
    return db.session.scalars(
        select(Material).where(_where(audiences, area_ids), Material.kind == "induction", ~opened_one)
        .order_by(case((Material.area_id.is_(None), 0), else_=1),
                  case((Material.language.in_((lang, "all")), 0), else_=1),
                  Material.published_at.desc(), Material.id.desc()).limit(1)).first()


def find(material_id: int) -> Material | None:
    return db.session.get(Material, material_id)


# Changes

def _clean(data: dict[str, Any]) -> dict[str, Any]:
    values = {name: str(data.get(name) or "").strip() for name in TEXT_FIELDS}
    if not values["title_fi"]:
        raise DomainError("invalid_title", _("Give the title in Finnish."), field="title_fi")
    for name in TEXT_FIELDS:
        limit = MAX_TITLE if name.startswith("title") else MAX_DESCRIPTION
        if len(values[name]) > limit:
            raise DomainError("too_long", _("At most %(max)d characters.", max=limit), field=name)
    for name, allowed in (("audience", AUDIENCES), ("kind", MATERIAL_KINDS), ("language", MATERIAL_LANGUAGES)):
        if data.get(name) not in allowed:
            raise DomainError(f"invalid_{name}", _("Choose one of the options."), field=name)
        values[name] = data[name]
    return values


def _content(material: Material, upload: Upload | None, link: str) -> None:
    """Put the file or the link on the item; the other one goes."""
    if upload is not None and link:
        raise DomainError("file_and_link", _("Give either a file or a link, not both."), field="link_url")
    if upload is not None:
        material.link_url = None
        material.file_name, material.content_type = upload.name, upload.content_type
        material.file_size, material.file_data = len(upload.data), upload.data
    elif link:
        material.link_url = check_link(link)
        material.file_name = material.content_type = material.file_size = material.file_data = None


def _what(material: Material) -> dict[str, Any]:
    return {"title": material.title_fi, "audience": material.audience, "material_kind": material.kind,
            "language": material.language, "file": material.file_name, "link": material.link_url}


def publish(data: dict[str, Any], upload: Upload | None, area_id: int | None, principal, actor: Actor,
            now: datetime | None = None) -> Material:
    """A new item for the national network (area_id None, national admin) or an area (its coordinators)."""
    if area_id not in managed_area_ids(principal):
        refuse()
    link = str(data.get("link_url") or "").strip()
    if upload is None and not link:
        raise DomainError("no_content", _("Give a file or a link."), field="file")
    material = Material(area_id=area_id, created_by_id=actor.user_id, published_at=now or utcnow(), **_clean(data))
    _content(material, upload, link)
    db.session.add(material)
    db.session.flush()
    audit(actor, "material_published", "material", material.id, area_id,
          values={k: v for k, v in _what(material).items() if v})
    db.session.flush()
    return material


def edit(material: Material, data: dict[str, Any], upload: Upload | None, principal, actor: Actor,
         now: datetime | None = None) -> None:
    """New texts and choices; a new file or link replaces the old one, none keeps it."""
    if not can_manage(material, principal) or material.withdrawn_at is not None:
        refuse()
    before = _what(material)
    for name, value in _clean(data).items():
        setattr(material, name, value)
    link = str(data.get("link_url") or "").strip()
    _content(material, upload, link if link != (material.link_url or "") else "")
    material.updated_at = now or utcnow()
    after = _what(material)
    audit(actor, "material_changed", "material", material.id, material.area_id,
          changes={k: {"before": before[k], "after": v} for k, v in after.items() if before[k] != v})
    db.session.flush()


def withdraw(material: Material, principal, actor: Actor, now: datetime | None = None) -> None:
    """Hidden from every list and its address; kept for the audit trail."""
    if not can_manage(material, principal):
        refuse()
    if material.withdrawn_at is None:
        material.withdrawn_at, material.withdrawn_by_id = now or utcnow(), actor.user_id
        audit(actor, "material_withdrawn", "material", material.id, material.area_id, title=material.title_fi)
        db.session.flush()


def record_opening(material: Material, user_id: int, now: datetime | None = None) -> None:
    """The person's first opening of the item (later ones change nothing; a concurrent first one is fine)."""
    if db.session.get(MaterialOpening, (material.id, user_id)) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(MaterialOpening(material_id=material.id, user_id=user_id, opened_at=now or utcnow()))
    except IntegrityError:
        pass


def file_of(material: Material) -> bytes | None:
    """The stored file's bytes (not loaded with the row)."""
    return db.session.scalar(select(Material.file_data).where(Material.id == material.id))
