"""Pages anyone may open: the front page with the card check, and a card's own page."""
from datetime import date

from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.cards import service
from app.extensions import limiter
from app.public import bp


def public_check_limit() -> str:
    return current_app.config["RATELIMIT_PUBLIC_CHECK"]


def state_text(state: dict) -> tuple[str, str]:
    """A neutral headline and guidance for each public state."""
    until = date.fromisoformat(state["valid_until"]) if state["valid_until"] else None
    from flask_babel import format_date

    texts = {
        "valid": (_("The card is valid"), _("Valid until %(date)s.", date=format_date(until, "long") if until else "")),
        "expired": (_("The card has expired"), _(
            "It was valid until %(date)s. Ask the place that gave you the card to renew it.",
            date=format_date(until, "long") if until else "")),
        "not_registered": (_("The card is not yet registered"), _(
            "The card can be used once it has been registered. Ask the place that gave you the card.")),
        "not_in_use": (_("The card is not in use"), _(
            "Check the number. If it is right, ask the place that gave you the card.")),
        "malformed": (_("Check the number"), _("This is not a valid card number. Check the number and try again.")),
    }
    return texts[state["state"]]


@bp.route("/")
def front():
    return render_template("public/front.html")


@bp.route("/check")
@limiter.limit(public_check_limit)
def check():
    raw = request.args.get("card", "").strip()
    if not raw:
        return redirect(url_for("public.front"))
    return render_card(raw)


@bp.route("/c/<path:raw>")
@limiter.limit(public_check_limit)
def card_page(raw: str):
    return render_card(raw)


def render_card(raw: str):
    state = service.public_state(raw)
    headline, guidance = state_text(state)
    return render_template("public/card.html", state=state, headline=headline, guidance=guidance, raw=raw)


@bp.route("/manifest.webmanifest")
def manifest():
    body = {
        "name": "Kaikukortti",
        "short_name": "Kaikukortti",
        "start_url": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d4f91",
        "icons": [{"src": url_for("static", filename="icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response
