"""Print-ready PDF of a card series: a proof page, then ID-1 cards ten to an A4 sheet with crop marks.

Codes are drawn as vector rectangles in their own units (QR modules, Code 39 narrow bars), so the
printer gets sharp edges at any resolution and each card costs only a few hundred short path
operators.
"""
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.printing.code39 import element_widths
from app.printing.qr_paths import qr_path, qr_paths
from app.cards.series import qr_payload

CARD_W, CARD_H = 85.6 * mm, 54 * mm
COLS, ROWS = 2, 5
PER_PAGE = COLS * ROWS
PAGE_W, PAGE_H = A4
LEFT, BOTTOM = (PAGE_W - COLS * CARD_W) / 2, (PAGE_H - ROWS * CARD_H) / 2
MARK_GAP, MARK_LEN = 2 * mm, 7 * mm

QR_SIZE = 22 * mm  # the whole symbol including its quiet zone
QR_QUIET = 4  # modules, as ISO/IEC 18004 requires
QR_RIGHT, QR_TOP = 4 * mm, 4 * mm
BAR_NARROW = 0.254 * mm  # 10 mil, read by every desk scanner and phone camera
BAR_WIDE = 3  # wide:narrow ratio
BAR_QUIET = 10  # narrow widths on each side, ISO/IEC 16388
BAR_HEIGHT = 12 * mm
BAR_BOTTOM = 7 * mm
TEXT_LEFT = 6 * mm


@dataclass(frozen=True)
class SeriesInfo:
    """What the proof page tells the printer about the series."""

    series_id: int
    kind_label: str
    area_name: str
    created_on: date


@dataclass(frozen=True)
class Box:
    """Where a code sits on a card, in points from the card's lower left corner (quiet zone included)."""

    x: float
    y: float
    w: float
    h: float


def qr_box() -> Box:
    return Box(CARD_W - QR_RIGHT - QR_SIZE, CARD_H - QR_TOP - QR_SIZE, QR_SIZE, QR_SIZE)


def barcode_narrow(text: str) -> float:
    """Narrow bar width: 10 mil, or less for a long legacy ID so it still fits on the card."""
    units = sum(element_widths(text, 1, BAR_WIDE)) + 2 * BAR_QUIET
    return min(BAR_NARROW, (CARD_W - 4 * mm) / units)


def barcode_box(text: str) -> Box:
    narrow = barcode_narrow(text)
    width = (sum(element_widths(text, 1, BAR_WIDE)) + 2 * BAR_QUIET) * narrow
    return Box((CARD_W - width) / 2, BAR_BOTTOM, width, BAR_HEIGHT)


def draw_qr(c: Canvas, symbol: tuple[int, str], box: Box) -> None:
    n, operators = symbol
    module = box.w / (n + 2 * QR_QUIET)
    c.saveState()
    c.translate(box.x + QR_QUIET * module, box.y + box.h - QR_QUIET * module)
    c.scale(module, -module)
    c.addLiteral(operators)
    c.restoreState()


def code39_path(text: str) -> str:
    """Bars as rectangles in narrow-bar units; Code 39 without its optional check character."""
    parts, x = [], 0
    for index, width in enumerate(element_widths(text, 1, BAR_WIDE)):
        if index % 2 == 0:
            parts.append(f"{x} 0 {width} 1 re")
        x += width
    parts.append("f")
    return "\n".join(parts)


def draw_code39(c: Canvas, text: str, box: Box) -> None:
    narrow = barcode_narrow(text)
    c.saveState()
    c.translate(box.x + BAR_QUIET * narrow, box.y)
    c.scale(narrow, box.h)
    c.addLiteral(code39_path(text))
    c.restoreState()


def draw_card(c: Canvas, card_id: str, kind_label: str, qr: tuple[int, str]) -> None:
    """One card with its lower left corner at the canvas origin; `qr` from `qr_path(qr_payload(card_id))`."""
    c.setFont("Helvetica-Bold", 11)
    c.drawString(TEXT_LEFT, CARD_H - 9 * mm, "Kaikukortti")
    c.setFont("Helvetica", 8)
    c.drawString(TEXT_LEFT, CARD_H - 13.5 * mm, kind_label)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(TEXT_LEFT, CARD_H - 24 * mm, card_id)
    draw_qr(c, qr, qr_box())
    draw_code39(c, card_id, barcode_box(card_id))
    c.setFont("Helvetica", 7)
    c.drawCentredString(CARD_W / 2, BAR_BOTTOM - 3.5 * mm, card_id)


def card_origin(slot: int) -> tuple[float, float]:
    """Lower left corner of the card in `slot` (0–9, left to right, top to bottom)."""
    row, col = divmod(slot, COLS)
    return LEFT + col * CARD_W, BOTTOM + (ROWS - 1 - row) * CARD_H


def draw_crop_marks(c: Canvas) -> None:
    """Cards sit edge to edge, so every cut line gets one mark in each margin, clear of the cards."""
    c.setLineWidth(0.25)
    top, right = BOTTOM + ROWS * CARD_H, LEFT + COLS * CARD_W
    for col in range(COLS + 1):
        x = LEFT + col * CARD_W
        c.line(x, top + MARK_GAP, x, top + MARK_GAP + MARK_LEN)
        c.line(x, BOTTOM - MARK_GAP, x, BOTTOM - MARK_GAP - MARK_LEN)
    for row in range(ROWS + 1):
        y = BOTTOM + row * CARD_H
        c.line(LEFT - MARK_GAP, y, LEFT - MARK_GAP - MARK_LEN, y)
        c.line(right + MARK_GAP, y, right + MARK_GAP + MARK_LEN, y)


def draw_proof(c: Canvas, info: SeriesInfo, card_ids: Sequence[str]) -> None:
    c.setFont("Helvetica-Bold", 18)
    c.drawString(LEFT, PAGE_H - 25 * mm, _("Print proof: card series %(id)d", id=info.series_id))
    facts = [
        (_("Kind"), info.kind_label), (_("Area"), info.area_name), (_("Cards"), str(len(card_ids))),
        (_("Created"), info.created_on.isoformat()), (_("First ID"), card_ids[0]), (_("Last ID"), card_ids[-1]),
        (_("Sheets"), str(-(-len(card_ids) // PER_PAGE))),
    ]
    y = PAGE_H - 35 * mm
    for label, value in facts:
        c.setFont("Helvetica-Bold", 10)
        c.drawString(LEFT, y, label)
        c.setFont("Helvetica", 10)
        c.drawString(LEFT + 35 * mm, y, value)
        y -= 5.5 * mm
    sample_y = y - 4 * mm - 2 * CARD_H
    sample_qr = qr_path(qr_payload(card_ids[0]))
    c.saveState()
    c.translate(LEFT, sample_y)
    c.scale(2, 2)
    c.setLineWidth(0.2)
    c.rect(0, 0, CARD_W, CARD_H)
    draw_card(c, card_ids[0], info.kind_label, sample_qr)
    c.setStrokeColorRGB(0.85, 0, 0)
    c.setDash(1, 1)
    for box in (qr_box(), barcode_box(card_ids[0])):
        c.rect(box.x, box.y, box.w, box.h)
    c.restoreState()
    module = QR_SIZE / (sample_qr[0] + 2 * QR_QUIET)
    narrow = barcode_narrow(card_ids[0])
    notes = [
        _("The sample above is at 2× size; the red dashed lines show each code's quiet zone, which must stay "
          "free of any print."),
        _("Card size ID-1, 85.6 × 54 mm, ten cards on each A4 sheet. Print at actual size (no \"fit to page\") "
          "and cut at the crop marks."),
        _("QR code: module %(module).2f mm, quiet zone 4 modules (%(quiet).1f mm) on every side, error "
          "correction M.", module=module / mm, quiet=4 * module / mm),
        _("Code 39: narrow bar %(narrow).3f mm, wide bars 3 × narrow, no check character; quiet zone 10 narrow "
          "bars (%(quiet).1f mm) on each side; height %(height)d mm.",
          narrow=narrow / mm, quiet=BAR_QUIET * narrow / mm, height=round(BAR_HEIGHT / mm)),
        _("Print the codes in solid black on a white, matt background; do not varnish or laminate over them "
          "with a glossy finish."),
    ]
    c.setFont("Helvetica", 9)
    y = sample_y - 8 * mm
    for note in notes:
        for line in wrap(note, 105):
            c.drawString(LEFT, y, line)
            y -= 4.5 * mm
        y -= 1.5 * mm


def wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def render_pdf(info: SeriesInfo, card_ids: Sequence[str], progress: Callable[[int], None] | None = None,
               every: int = 250) -> bytes:
    """The proof page and the cards in the given order; `progress(cards_done)` every `every` cards."""
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(f"Kaikukortti – series {info.series_id}")
    draw_proof(c, info, card_ids)
    c.showPage()
    symbols = qr_paths([qr_payload(card_id) for card_id in card_ids])
    for done, (card_id, symbol) in enumerate(zip(card_ids, symbols), start=1):
        slot = (done - 1) % PER_PAGE
        if slot == 0:
            draw_crop_marks(c)
        c.saveState()
        c.translate(*card_origin(slot))
        draw_card(c, card_id, info.kind_label, symbol)
        c.restoreState()
        if slot == PER_PAGE - 1 or done == len(card_ids):
            c.showPage()
        if progress and done % every == 0:
            progress(done)
    c.save()
    return out.getvalue()
