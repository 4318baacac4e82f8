"""Areas and their municipalities: which areas a coordinator or the national admin sees, which
organisation kinds it looks after there, and making an area (the national admin) or finding one."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.network.scope import coordinator_areas, is_national
from app.core.audit import actor_of, audit
from app.core.errors import DomainError, refuse
from app.extensions import db
from app.models import Area, Municipality, Organisation, WellbeingCounty


def area_ids(principal, kind: str | None = None) -> list[int] | None:
    """None for the national admin (every area); else the coordinator's areas, only those where it
    looks after organisations of `kind` when one is given."""
    if is_national(principal):
        return None
    return [area_id for area_id, kinds in coordinator_areas(principal).items() if not kind or kind in kinds]


def visible_areas(principal, kind: str | None = None) -> list[Area]:
    query = select(Area).order_by(Area.name)
    wanted = area_ids(principal, kind)
    if wanted is not None:
        query = query.where(Area.id.in_(wanted))
    return list(db.session.scalars(query))


def municipality_counts() -> dict[int, int]:
    """Area id -> how many municipalities it holds, in one query (not one per area)."""
    return dict(db.session.execute(select(Municipality.area_id, func.count()).where(Municipality.area_id.is_not(None))
                                   .group_by(Municipality.area_id)).all())


def area_in_scope(principal, area_id: int | None) -> Area | None:
    area = db.session.get(Area, area_id) if area_id else None
    if area is None or not (is_national(principal) or area.id in coordinator_areas(principal)):
        return None
    return area


def find_area(area_id: int | None) -> Area | None:
    return db.session.get(Area, area_id) if area_id else None


def find_municipality(code: str | None) -> Municipality | None:
    return db.session.get(Municipality, code) if code else None


def area_names() -> dict[int, str]:
    return {area.id: area.name for area in db.session.scalars(select(Area))}


def municipality_names(lang: str) -> dict[str, str]:
    return {m.code: m.name(lang) for m in db.session.scalars(select(Municipality))}


def distributor_in_area(area_id: int, site_id: int | None) -> Organisation | None:
    site = db.session.get(Organisation, site_id) if site_id else None
    if site is None or site.kind != "distributor" or site.area_id != area_id:
        return None
    return site


def require_distributor_side(principal, area_id: int) -> None:
    """Stock belongs to the sote side: a culture-only coordinator may look but not hand out cards."""
    if not is_national(principal) and "distributor" not in coordinator_areas(principal).get(area_id, set()):
        raise DomainError("not_sote_side", _("Only the coordinator of distributors hands out cards."), status=403)


def municipalities_for(principal) -> list[Municipality]:
    """Municipalities where the principal may place an organisation: those of its areas."""
    query = select(Municipality).where(Municipality.area_id.is_not(None)).order_by(Municipality.name_fi)
    wanted = area_ids(principal)
    if wanted is not None:
        query = query.where(Municipality.area_id.in_(wanted))
    return db.session.scalars(query).all()


def area_for(municipality: Municipality) -> Area:
    """The area that holds the municipality, or a new one-municipality area."""
    if municipality.area is not None:
        return municipality.area
    area = db.session.scalars(select(Area).where(Area.name == municipality.name_fi)).first()
    if area is None:
        area = Area(name=municipality.name_fi, county_code=municipality.county_code)
        db.session.add(area)
        db.session.flush()
    municipality.area_id = area.id
    db.session.flush()
    return area


def free_municipalities() -> list[Municipality]:
    return db.session.scalars(select(Municipality).where(Municipality.area_id.is_(None))
                              .order_by(Municipality.name_fi)).all()


def counties() -> list[WellbeingCounty]:
    return db.session.scalars(select(WellbeingCounty).order_by(WellbeingCounty.name_fi)).all()


def create_area(principal, *, name: str, county_code: str | None, municipality_codes: list[str]) -> Area:
    if not is_national(principal):
        refuse()
    name = name.strip()
    if db.session.scalars(select(Area).where(Area.name == name)).first() is not None:
        raise DomainError("area_exists", _("An area with this name already exists."), field="name")
    if county_code and db.session.get(WellbeingCounty, county_code) is None:
        raise DomainError("unknown_county", _("Choose a wellbeing services county."), field="county_code")
    municipalities = [db.session.get(Municipality, code) for code in municipality_codes]
    if not municipalities or any(m is None or m.area_id is not None for m in municipalities):
        raise DomainError("municipality_taken", _("Choose municipalities that are not yet in an area."),
                          field="municipalities")
    area = Area(name=name, county_code=county_code or None)
    db.session.add(area)
    db.session.flush()
    for municipality in municipalities:
        municipality.area_id = area.id
    audit(actor_of(principal), "area_created", "area", area.id, area.id,
          municipalities=[m.code for m in municipalities])
    db.session.flush()
    return area
