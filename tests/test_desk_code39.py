"""The Code 39 encoder draws barcodes that a real reader decodes back to the same text."""
import pytest
import zxingcpp

from app.cards import ids
from app.printing.code39 import element_widths
from tests.browser.card_images import code39_side, qr_side


def test_every_character_has_three_wide_elements_of_nine():
    widths = element_widths("KK-0123-456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert len(widths) == (36 + 2) * 10 - 1
    symbols = [widths[i:i + 9] for i in range(0, len(widths), 10)]
    assert all(symbol.count(3) == 3 for symbol in symbols)


def test_refuses_characters_code39_cannot_carry():
    with pytest.raises(ValueError):
        element_widths("kk-ä")


def test_a_drawn_card_id_reads_back():
    card_id = ids.generate()
    found = zxingcpp.read_barcodes(code39_side(card_id))
    assert [(code.format, code.text) for code in found] == [(zxingcpp.BarcodeFormat.Code39, card_id)]


def test_the_qr_side_reads_back():
    found = zxingcpp.read_barcodes(qr_side("https://kortti.example/c/KK-7F3K-9Q2MX"))
    assert [code.text for code in found] == ["https://kortti.example/c/KK-7F3K-9Q2MX"]
