"""Test data named by state: StockCardFactory, ActiveCardFactory, ExpiredCardFactory..."""
import itertools
from datetime import date, timedelta

from app.cards import ids
from app.cards import registration
from app.core import audit
from app.extensions import db
from app.models import Area, Card, CommitmentAck, CommitmentVersion, Event, Municipality, Organisation
from app.models.base import helsinki_date, utcnow
from app.network.people import create_user

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def today() -> date:
    return helsinki_date(utcnow())


def area(name: str = "Keski-Uusimaa", municipalities: tuple[str, ...] = ("858", "186", "106")) -> Area:
    found = db.session.query(Area).filter_by(name=name).first()
    if found:
        return found
    new = Area(name=name, county_code="02")
    db.session.add(new)
    db.session.flush()
    for code in municipalities:
        db.session.get(Municipality, code).area_id = new.id
    db.session.flush()
    return new


def organisation(kind: str, *, name: str | None = None, municipality: str = "858", approved: bool = True,
                 area_name: str = "Keski-Uusimaa", category: str = "culture") -> Organisation:
    municipality_obj = db.session.get(Municipality, municipality)
    where = municipality_obj.area or area(area_name, (municipality,))
    org = Organisation(kind=kind, name=name or f"{kind} {next(_seq)}", municipality_code=municipality,
                       area_id=where.id, default_category=category,
                       approval_state="approved" if approved else "proposed",
                       approved_from=date(2020, 1, 1) if approved else None)
    db.session.add(org)
    db.session.flush()
    return org


def user(role: str, *, org: Organisation | None = None, area_obj: Area | None = None, side: str = "both",
         email: str | None = None):
    return create_user(email=email or f"{role}{next(_seq)}@example.fi", password=PASSWORD, role=role,
                       org_id=org.id if org else None, area_id=area_obj.id if area_obj else None, side=side)


def stock_card(*, kind: str = "client", site: Organisation | None = None, area_id: int | None = None) -> Card:
    card_id = ids.generate()
    card = Card(id=card_id, lookup_key=ids.legacy_key(card_id), kind=kind, state="stock",
                allocated_site_id=site.id if site else None,
                allocated_area_id=area_id or (site.area_id if site else None))
    db.session.add(card)
    db.session.flush()
    return card


class StockCardFactory:
    create = staticmethod(stock_card)


class ActiveCardFactory:
    @staticmethod
    def create(site: Organisation, *, children: int = 2, issued_on: date | None = None, kind: str = "client") -> Card:
        card = stock_card(kind=kind, site=site)
        data = {"kind": kind, "birth_year": 1980, "postcode": "04300", "municipality": site.municipality_code,
                "children": children}
        return registration.register(card.id, data, site=site, actor=audit.Actor(), today=issued_on or today())


class ExpiredCardFactory:
    @staticmethod
    def create(site: Organisation) -> Card:
        return ActiveCardFactory.create(site, issued_on=today() - timedelta(days=400))


class InactivatedCardFactory:
    @staticmethod
    def create(site: Organisation, reason: str = "lost") -> Card:
        card = ActiveCardFactory.create(site)
        registration.inactivate(card.id, {"reason": reason}, site=site, actor=audit.Actor())
        return card


class CommunityCardFactory:
    @staticmethod
    def create(site: Organisation) -> Card:
        return ActiveCardFactory.create(site, kind="community")


class LegacyCardFactory:
    @staticmethod
    def create(printed_id: str, *, valid_until: date | None = None) -> Card:
        card = Card(id=printed_id, lookup_key=ids.legacy_key(printed_id), legacy=True, kind="client",
                    state="active", issued_on=today() - timedelta(days=30),
                    valid_until=valid_until or today() + timedelta(days=300), children=1)
        db.session.add(card)
        db.session.flush()
        return card


def event(venue: Organisation, *, capacity: int = 100, quota: int | None = 3, sold_out: bool = False) -> Event:
    new = Event(venue_id=venue.id, name="Concert", starts_at=utcnow() + timedelta(hours=2), capacity=capacity,
                quota=quota, sold_out=sold_out)
    db.session.add(new)
    db.session.flush()
    return new


def publish_commitment(version: str = "2026-1") -> CommitmentVersion:
    new = CommitmentVersion(version=version, text_fi="fi", text_sv="sv", text_en="en")
    db.session.add(new)
    db.session.flush()
    return new


def acknowledge(org: Organisation, version: CommitmentVersion) -> None:
    db.session.add(CommitmentAck(organisation_id=org.id, version_id=version.id))
    db.session.flush()
