"""The public offer list, the area's client brochure (print view and PDF), and where to get a card."""
from flask import abort, make_response, render_template, request
from flask_babel import get_locale
from sqlalchemy import select

from app.extensions import db
from app.labels import CATEGORY
from app.models import Area
from app.offers import participating_municipalities, public_distributors, public_offers
from app.public import bp
from app.public.brochure_pdf import render_brochure


def areas() -> list[Area]:
    return db.session.scalars(select(Area).where(Area.active.is_(True)).order_by(Area.name)).all()


def chosen_area() -> Area | None:
    area_id = request.args.get("area", type=int)
    return db.session.get(Area, area_id) if area_id else None


@bp.route("/offers")
def offers():
    municipality = request.args.get("municipality") or None
    category = request.args.get("category") or None
    return render_template("public/offers.html", offers=public_offers(municipality=municipality, category=category),
                           municipalities=participating_municipalities(), categories=CATEGORY,
                           municipality=municipality, category=category, areas=areas(), lang=str(get_locale()))


def brochure_data(area: Area) -> dict:
    grouped: dict[str, list] = {}
    for offer in public_offers(area_id=area.id):
        grouped.setdefault(offer.category, []).append(offer)
    return {"area": area, "groups": [(CATEGORY[c], grouped[c]) for c in CATEGORY if c in grouped],
            "distributors": public_distributors(area.id)}


@bp.route("/offers/brochure")
def brochure():
    area = chosen_area()
    if area is None:
        abort(404)
    return render_template("public/brochure.html", lang=str(get_locale()), **brochure_data(area))


@bp.route("/offers/brochure.pdf")
def brochure_pdf():
    area = chosen_area()
    if area is None:
        abort(404)
    response = make_response(render_brochure(lang=str(get_locale()), **brochure_data(area)))
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="kaikukortti-{area.id}-{get_locale()}.pdf"'
    return response


@bp.route("/distributors")
def distributors():
    area = chosen_area()
    return render_template("public/distributors.html", areas=areas(), area=area,
                           distributors=public_distributors(area.id if area else None), lang=str(get_locale()))
