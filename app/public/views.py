"""Pages anyone may open: the front page with the card check, a card's own page, and the service worker."""
import hashlib
import json
from datetime import date
from pathlib import Path

from flask import (
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _

from app.cards import lookup
from app.core.limits import public_check_limited
from app.public import bp


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
@public_check_limited
def check():
    raw = request.args.get("card", "").strip()
    if not raw:
        return redirect(url_for("public.front"))
    return render_card(raw)


@bp.route("/c/<path:raw>")
@public_check_limited
def card_page(raw: str):
    return render_card(raw)


def render_card(raw: str):
    state = lookup.public_state(raw)
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


@bp.route("/favicon.ico")
def favicon():
    """Browsers and tools ask for /favicon.ico whatever the page says; answer with the app's icon."""
    return send_from_directory(current_app.static_folder, "icons/icon.svg", mimetype="image/svg+xml",
                               max_age=86400)


# What the service worker stores for offline use: the desk, the camera component and its decoder.
OFFLINE_FILES = ("css/app.css", "css/desk.css", "icons/icon.svg", "js/service-worker-registration.js",
                 "js/desk/*.js", "js/scanner/*.js", "js/public/*.js", "js/vendor/barcode-detector/*.js",
                 "js/vendor/*.wasm")


def offline_files(static: Path) -> list[Path]:
    return sorted({path for pattern in OFFLINE_FILES for path in static.glob(pattern) if path.is_file()})


@bp.route("/sw.js")
def service_worker():
    """static/js/sw.js at the site's root (so that it may serve every page), with its file list and
    a version that changes whenever one of those files does, so browsers install the new worker."""
    static = Path(current_app.static_folder)
    files = offline_files(static)
    stamp = hashlib.sha256()
    for path in files:
        info = path.stat()
        stamp.update(f"{path.relative_to(static)}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    urls = [url_for("static", filename=path.relative_to(static).as_posix()) for path in files]
    body = (static / "js/sw.js").read_text(encoding="utf-8")
    body = body.replace('const STATIC_VERSION = "unversioned";',
                        f"const STATIC_VERSION = {json.dumps(stamp.hexdigest()[:16])};", 1)
    body = body.replace("const PRECACHE = [];", f"const PRECACHE = {json.dumps(urls)};", 1)
    response = Response(body, mimetype="application/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response
