"""The print-ready PDF: every printed QR code and Code 39 barcode decodes back to its card."""
import shutil
import subprocess

import pytest

from app.printing import sheets
from app.printing import jobs
from app.cards.series import generate_series, qr_payload
from app.extensions import db
from app.models import Card
from app.decoding.decoder import decode

DPI = 300


def points_to_px(value: float) -> int:
    return round(value / 72 * DPI)


def crop(page, origin, box, margin=12):
    """The part of a page image holding `box` of the card at `origin` (PDF points, y up)."""
    left = points_to_px(origin[0] + box.x) - margin
    top = points_to_px(sheets.PAGE_H - (origin[1] + box.y + box.h)) - margin
    return page.crop((left, top, left + points_to_px(box.w) + 2 * margin, top + points_to_px(box.h) + 2 * margin))


def png(image) -> bytes:
    import io

    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def pages(app, world, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm is missing: apt-get install poppler-utils")
    from PIL import Image

    series = generate_series(12, area_id=world.area.id)
    card_ids = jobs.series_card_ids(series)
    (tmp_path / "series.pdf").write_bytes(jobs.render_series(series))
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(tmp_path / "series.pdf"), str(tmp_path / "p")],
                   check=True)
    images = [Image.open(path) for path in sorted(tmp_path.glob("p-*.png"))]
    return card_ids, images


def test_the_pdf_has_a_proof_page_then_ten_cards_a_sheet(pages):
    card_ids, images = pages
    assert len(images) == 1 + 2
    assert abs(images[1].size[0] - points_to_px(sheets.PAGE_W)) <= 1


def test_every_printed_code_decodes_back_to_its_card(pages):
    card_ids, images = pages
    for index, card_id in enumerate(card_ids):
        page = images[1 + index // sheets.PER_PAGE]
        origin = sheets.card_origin(index % sheets.PER_PAGE)
        qr = decode(png(crop(page, origin, sheets.qr_box())), budget_ms=3000).codes
        bars = decode(png(crop(page, origin, sheets.barcode_box(card_id))), budget_ms=3000).codes
        assert [(c.format, c.text) for c in qr] == [("qr_code", qr_payload(card_id))], card_id
        assert [(c.format, c.text) for c in bars] == [("code_39", card_id)], card_id


def test_series_cards_print_in_id_order(app, world):
    series = generate_series(5, area_id=world.area.id)
    assert jobs.series_card_ids(series) == sorted(
        db.session.scalars(db.select(Card.id).where(Card.series_id == series.id)))


def test_cli_print_writes_the_pdf_and_prints_its_path(app, world, tmp_path):
    series = generate_series(3, area_id=world.area.id)
    db.session.commit()
    out = tmp_path / "cards.pdf"
    result = app.test_cli_runner().invoke(args=["cards", "print", "--series", str(series.id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == str(out)
    assert out.read_bytes().startswith(b"%PDF")
    missing = app.test_cli_runner().invoke(args=["cards", "print", "--series", "999", "--out", str(out)])
    assert missing.exit_code != 0 and "999" in missing.output
