"""Demo data: the Keski-Uusimaa area, a distributor, two venues, people of every role, cards."""
from datetime import timedelta

import click
from sqlalchemy import select

from app.cards import registration
from app.core import audit
from app.cards.series import generate_series
from app.extensions import db
from app.models import Area, Card, CommitmentVersion, Event, Municipality, Offer
from app.models.base import helsinki_date, utcnow
from app.network.organisations import create_organisation
from app.network.people import create_user

AREA = "Keski-Uusimaa"
MUNICIPALITIES = ("106", "186", "505", "543", "611", "858")
PASSWORD = "kaikukortti-demo"
LOGINS = (
    ("admin@demo.kaikukortti.fi", "national_admin"),
    ("koordinaattori@demo.kaikukortti.fi", "coordinator"),
    ("jakaja@demo.kaikukortti.fi", "distributor"),
    ("kohde@demo.kaikukortti.fi", "venue"),
    ("uimahalli@demo.kaikukortti.fi", "venue"),
)
COMMITMENT = {
    "fi": "Sitoudumme noudattamaan Kaikukortin valtakunnallista toimintamallia.",
    "sv": "Vi förbinder oss att följa Kaikukortets nationella verksamhetsmodell.",
    "en": "We commit to following the national Kaikukortti operating model.",
}


def print_logins() -> None:
    click.echo("Demo logins (password for all: %s):" % PASSWORD)
    for email, role in LOGINS:
        click.echo(f"  {role:<15} {email}")


def load_demo() -> dict[str, list[str]]:
    area = Area(name=AREA, county_code="02")
    db.session.add(area)
    db.session.flush()
    for code in MUNICIPALITIES:
        db.session.get(Municipality, code).area_id = area.id
    db.session.add(CommitmentVersion(version="2025-1", text_fi=COMMITMENT["fi"], text_sv=COMMITMENT["sv"],
                                      text_en=COMMITMENT["en"]))
    db.session.flush()
    contact = ("Maija Meikäläinen", "maija.meikalainen@example.fi", "+358 40 123 4567")
    distributor = create_organisation(kind="distributor", name="Tuusulan aikuissosiaalityö", municipality_code="858",
                                      contact=contact)
    theatre = create_organisation(kind="venue", name="Järvenpää-talo", municipality_code="186", contact=contact)
    pool = create_organisation(kind="venue", name="Hyvinkään uimahalli", municipality_code="106",
                               category="sports", contact=contact)
    for org in (distributor, theatre, pool):
        org.approved_from = org.approved_from.replace(year=org.approved_from.year - 2, month=1, day=1)
    scopes = {"national_admin": {}, "coordinator": {"area_id": area.id},
              "distributor": {"org_id": distributor.id}}
    for email, role in LOGINS:
        scope = scopes.get(role) or {"org_id": theatre.id if email.startswith("kohde") else pool.id}
        create_user(email=email, password=PASSWORD, role=role, **scope)

    generate_series(40, area_id=area.id, site_id=distributor.id)
    generate_series(3, kind="community", area_id=area.id, site_id=distributor.id)
    stock = db.session.scalars(select(Card).where(Card.kind == "client").order_by(Card.id)).all()
    actor = audit.Actor()
    today = helsinki_date(utcnow())
    samples = {"valid": [], "expired": [], "inactivated": [], "stock": [], "community": []}
    for index, card in enumerate(stock[:12]):
        issued = today - timedelta(days=400 if index == 10 else 5 * index)
        data = {"birth_year": 1960 + index * 3, "postcode": "04300", "municipality": "858",
                "children": index % 3, "issued_on": None}
        registration.register(card.id, data, site=distributor, actor=actor, today=issued)
        samples["expired" if index == 10 else "valid"].append(card.id)
    registration.inactivate(stock[11].id, {"reason": "lost"}, site=distributor, actor=actor)
    samples["valid"].remove(stock[11].id)
    samples["inactivated"].append(stock[11].id)
    samples["stock"] = [c.id for c in stock[12:15]]
    community = db.session.scalars(select(Card).where(Card.kind == "community").order_by(Card.id)).first()
    registration.register(community.id, {"kind": "community"}, site=distributor, actor=actor)
    samples["community"].append(community.id)
    add_demo_offers(theatre, pool)
    start = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(hours=3)
    db.session.add(Event(venue_id=theatre.id, name="Tuntematon sotilas", starts_at=start, capacity=200, quota=6))
    db.session.flush()
    return samples


def add_demo_offers(theatre, pool) -> None:
    db.session.add_all([
        Offer(venue_id=theatre.id, category="culture", municipality_code="186", address="Kulttuuriaukio 1",
              title_fi="Teatteri- ja konserttiliput", title_sv="Teater- och konsertbiljetter",
              title_en="Theatre and concert tickets",
              description_fi="Kaksi paikkaa jokaiseen omaan tuotantoon ja konserttiin.",
              description_sv="Två platser till varje egen produktion och konsert.",
              description_en="Two seats for every own production and concert.",
              restrictions="Ei ensi-iltoihin.", accessibility="Esteetön sisäänkäynti, induktiosilmukka.",
              how_to_get="box_office"),
        Offer(venue_id=pool.id, category="sports", municipality_code="106", address="Uimahallinkatu 2",
              title_fi="Uinti ja kuntosali", title_sv="Simning och gym", title_en="Swimming and gym",
              description_fi="Kertalippu uintiin tai kuntosalille arkisin.",
              description_sv="Engångsbiljett till simning eller gym på vardagar.",
              description_en="A single ticket for swimming or the gym on weekdays.",
              how_to_get="box_office"),
    ])


@click.command("demo")
def demo():
    """Load demo data once (an existing demo area is left as it is) and print the logins."""
    if db.session.scalars(select(Area).where(Area.name == AREA)).first() is not None:
        click.echo("Demo data is already loaded.")
    else:
        samples = load_demo()
        db.session.commit()
        click.echo("Demo data loaded. Cards to try:")
        for state, card_ids in samples.items():
            click.echo(f"  {state:<12} {' '.join(card_ids[:3])}")
    print_logins()
