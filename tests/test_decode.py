"""Tests for the server-side barcode decoder (app.decoding.decoder)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.decoding.decoder import DecodeError, available, decode

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "decode"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"decoder test images not found at {DATA}")

# Images the first pass decodes, per set, plus two the cascade recovers
# (a tilted, blurred Code 39 and a blurred, noisy QR).
SAMPLES = [
    "synth-c39/026_c39_L0.jpg",
    "synth-c39/027_c39_L0.jpg",
    "synth-c39/079_c39_L1.jpg",
    "synth-qr/000_qr_L0.jpg",
    "synth-qr/001_qr_L0.jpg",
    "synth-qr/104_qr_L2.jpg",
    "zxcpp-code39-1/1.png",
    "zxcpp-code39-1/2.webp",
    "zxcpp-code39-2/1.png",
    "zxcpp-code39-2/2.png",
    "zxcpp-qrcode-2/#1086.png",
    "zxcpp-qrcode-2/#128.png",
    "zxcpp-qrcode-3/14.webp",
    "zxcpp-qrcode-5/01.webp",
    "zxing-code39-1/1.png",
    "zxing-code39-1/2.png",
    "zxing-code39-2/1.png",
    "zxing-code39-2/2.png",
    "zxing-qrcode-2/14.png",
    "zxing-qrcode-2/23.png",
    "zxing-qrcode-3/10.png",
    "zxing-qrcode-5/01.png",
]


def _png(width: int, height: int, rows: bytes | None = None) -> bytes:
    """A minimal 8-bit grayscale PNG; with rows=None only the header is valid."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(rows) if rows is not None else b"\x78\x9c"
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _encode(fmt: str, size=(64, 48)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", size, 200).save(buf, fmt)
    return buf.getvalue()


def test_decoding_is_available():
    ok, why = available()
    assert ok, why


@needs_data
@pytest.mark.parametrize("sample", SAMPLES)
def test_finds_expected_code(sample):
    path = DATA / sample
    expected = path.with_suffix(".txt").read_bytes().decode("utf-8").rstrip("\n")
    result = decode(path.read_bytes())
    texts = [c.text.rstrip("\n") for c in result.codes]
    assert expected in texts
    code = result.codes[texts.index(expected)]
    assert code.format == ("code_39" if "c39" in sample or "code39" in sample else "qr_code")
    assert len(code.box) == 4 and all(len(p) == 2 and all(isinstance(v, int) for v in p) for p in code.box)
    assert result.ms < 1000


@needs_data
def test_box_lies_on_the_code_in_original_coordinates():
    path = DATA / "synth-c39/079_c39_L1.jpg"  # found on a rectified, upscaled crop
    (code,) = decode(path.read_bytes()).codes
    xs, ys = [p[0] for p in code.box], [p[1] for p in code.box]
    assert 0 <= min(xs) < max(xs) <= 1280 and 0 <= min(ys) < max(ys) <= 720
    assert max(xs) - min(xs) > 100  # spans the bars, in source pixels


@needs_data
def test_accept_skips_codes_it_rejects():
    data = (DATA / "synth-qr/000_qr_L0.jpg").read_bytes()
    expected = (DATA / "synth-qr/000_qr_L0.txt").read_text().rstrip("\n")
    assert [c.text for c in decode(data, accept=lambda t: True).codes] == [expected]
    rejected = decode(data, accept=lambda t: False, budget_ms=300)
    assert [c.text for c in rejected.codes] == [expected]  # still reported, but the search went on
    assert rejected.ms > decode(data).ms


def test_accept_stops_at_first_accepted_code():
    # Two codes side by side: only the second one is acceptable.
    import cv2
    import numpy as np
    import zxingcpp

    def code(fmt, text):
        img = zxingcpp.write_barcode_to_image(zxingcpp.create_barcode(text, fmt), scale=4, add_quiet_zones=True)
        return np.array(img)

    qr = code(zxingcpp.BarcodeFormat.QRCode, "https://example.org/other")
    c39 = code(zxingcpp.BarcodeFormat.Code39Std, "KK-7F3K-9Q2MX")
    height = max(qr.shape[0], c39.shape[0])
    pad = lambda a: cv2.copyMakeBorder(a, 0, height - a.shape[0], 20, 20, cv2.BORDER_CONSTANT, value=255)
    ok, png = cv2.imencode(".png", np.hstack([pad(qr), pad(c39)]))
    result = decode(png.tobytes(), accept=lambda t: t.startswith("KK-"))
    assert "KK-7F3K-9Q2MX" in [c.text for c in result.codes]


def test_not_an_image_raises():
    with pytest.raises(DecodeError) as info:
        decode(b"this is certainly not a picture")
    assert isinstance(info.value, ValueError)


def test_empty_input_raises():
    with pytest.raises(DecodeError):
        decode(b"")


def test_truncated_jpeg_does_not_crash():
    data = _encode("JPEG", (640, 480))
    try:
        result = decode(data[: len(data) // 2])
    except DecodeError:
        return
    assert result.codes == []


def test_one_pixel_image_has_no_codes():
    for fmt in ("PNG", "JPEG", "WEBP"):
        assert decode(_encode(fmt, (1, 1))).codes == []


def test_huge_declared_png_is_refused_quickly():
    import time

    start = time.perf_counter()
    with pytest.raises(DecodeError) as info:
        decode(_png(50_000, 50_000))
    assert info.value.code == "too_large"
    assert time.perf_counter() - start < 0.5


MAGIC = [b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"RIFF\x00\x00\x00\x00WEBPVP8 "]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(MAGIC), body=st.binary(max_size=2048))
def test_random_bytes_only_raise_decode_error(prefix, body):
    try:
        result = decode(prefix + body, budget_ms=300)
    except DecodeError:
        return
    assert result.ms < 1000


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_corrupted_real_images_only_raise_decode_error(data):
    fmt = data.draw(st.sampled_from(["PNG", "JPEG", "WEBP"]))
    raw = bytearray(_encode(fmt, (96, 64)))
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(raw)))
    try:
        result = decode(bytes(raw[:cut]), budget_ms=300)
    except DecodeError:
        return
    assert result.ms < 1000
