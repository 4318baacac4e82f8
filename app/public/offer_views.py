"""The public offer list, the client brochure of an area or one municipality (print view and PDF), and
where to get a card."""
from flask import abort, make_response, render_template, request
from flask_babel import get_locale

from app.cards.validation import as_id
from app.core.labels import CATEGORY
from app.models import Area
from app.network.areas import find_area
from app.network.contacts import public_contacts
from app.network.offers import (
    listed_areas,
    participating_municipalities,
    participating_municipality,
    public_distributors,
    public_offers,
)
from app.public import bp
from app.printing.brochure import render_brochure


def chosen_area() -> Area | None:
    area_id = request.args.get("area", type=as_id)
    return find_area(area_id)


@bp.route("/offers")
def offers():
    municipality = request.args.get("municipality") or None
    category = request.args.get("category") or None
    return render_template("public/offers.html", offers=public_offers(municipality=municipality, category=category),
                           municipalities=participating_municipalities(), categories=CATEGORY,
                           municipality=municipality, category=category, areas=listed_areas(), lang=str(get_locale()))


def brochure_data(lang: str) -> dict:
    """The brochure of `?municipality=<code>` or else of `?area=<id>`: its title, offers grouped by
    category, and where to get a card; a place that is not taking part is not found."""
    if "municipality" in request.args:
        municipality = participating_municipality(request.args.get("municipality", ""))
        if municipality is None:
            abort(404)
        title, place = municipality.name(lang), {"municipality": municipality.code}
        offers = public_offers(municipality=municipality.code)
        distributors = public_distributors(municipality=municipality.code)
    else:
        area = chosen_area()
        if area is None:
            abort(404)
        title, place = area.name, {"area": area.id}
        offers, distributors = public_offers(area_id=area.id), public_distributors(area.id)
    grouped: dict[str, list] = {}
    for offer in offers:
        grouped.setdefault(offer.category, []).append(offer)
    return {"title": title, "place": place, "distributors": distributors,
            "groups": [(CATEGORY[c], grouped[c]) for c in CATEGORY if c in grouped]}


@bp.route("/offers/brochure")
def brochure():
    lang = str(get_locale())
    return render_template("public/brochure.html", lang=lang, **brochure_data(lang))


@bp.route("/offers/brochure.pdf")
def brochure_pdf():
    lang = str(get_locale())
    data = brochure_data(lang)
    response = make_response(render_brochure(title=data["title"], groups=data["groups"],
                                             distributors=data["distributors"], lang=lang))
    response.mimetype = "application/pdf"
    key = next(iter(data["place"].values()))
    response.headers["Content-Disposition"] = f'inline; filename="kaikukortti-{key}-{lang}.pdf"'
    return response


@bp.route("/distributors")
def distributors():
    area = chosen_area()
    return render_template("public/distributors.html", areas=listed_areas(), area=area,
                           distributors=public_distributors(area.id if area else None), lang=str(get_locale()),
                           contacts=public_contacts(area) if area is not None and area.active else [])
