"""POST /api/v1/decode: the server-side fallback when the browser cannot read the card."""
from flask import current_app, jsonify, request
from flask_babel import gettext as _

from app.api import bp
from app.auth.scope import guard
from app.cards import ids
from app.cards import lookup
from app.core.errors import DomainError
from app.extensions import limiter, user_or_address
from app.decoding import DecoderBusy, current_decoder, decoder

MAGIC = ((b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"))
HARD_LIMIT_S = 2.0


def image_kind(head: bytes) -> str | None:
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def is_card_text(text: str) -> bool:
    return ids.parse_scan(text).key is not None


def card_for(text: str) -> str | None:
    """The card ID a code carries: a new-format ID, or an existing legacy card's ID."""
    scan = ids.parse_scan(text)
    if scan.key:
        return ids.format_key(scan.key)
    card = lookup.find_card(scan)
    return card.id if card is not None else None


def decode_limit() -> str:
    return current_app.config["RATELIMIT_DECODE"]


@bp.post("/decode")
@guard("venue", "distributor")
@limiter.limit(decode_limit, key_func=user_or_address)
def decode_image():
    ready, why = decoder.available()
    if not ready:
        current_app.logger.error("Server decoding unavailable: %s", why)
        raise DomainError("decoder_unavailable", _("Reading photos on the server is not available right now. "
                                                   "Type the card number instead."), status=503)
    upload = request.files.get("image")
    if upload is None:
        raise DomainError("no_image", _("Send the photo as the form field “image”."), field="image")
    data = upload.read(current_app.config["MAX_IMAGE_BYTES"] + 1)
    if len(data) > current_app.config["MAX_IMAGE_BYTES"]:
        raise DomainError("too_large", _("The photo is too large: at most 8 MB."), status=413, field="image")
    if image_kind(data[:16]) is None:
        raise DomainError("not_an_image", _("The file is not a JPEG, PNG or WebP photo."), field="image")
    try:
        result = current_decoder().read(data, budget_ms=700, timeout_s=HARD_LIMIT_S, accept=is_card_text)
    except DecoderBusy:
        raise DomainError("busy", _("The server is busy reading other photos. Try again in a moment."),
                          status=503) from None
    except decoder.DecodeError as err:
        if err.code == "too_large":
            raise DomainError("too_large", _("The photo has too many pixels: at most 40 megapixels."),
                              status=413, field="image") from None
        raise DomainError("not_an_image", _("The photo could not be read. Take a new photo."),
                          field="image") from None
    if result is None:
        return jsonify({"codes": [], "ms": HARD_LIMIT_S * 1000, "message": _("No code was found in time.")})
    codes = [{"format": c.format, "text": c.text, "card": card_for(c.text), "box": c.box} for c in result.codes]
    return jsonify({"codes": codes, "ms": round(result.ms, 1)})
