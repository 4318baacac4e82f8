"""Thin wrappers around the two barcode libraries, restricted to QR and Code 39.

Both readers take a grayscale or BGR numpy image and return a list of ``Code``
whose boxes are in that image's pixel coordinates. Libraries are imported
lazily so that a missing one only disables its reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

QR = "qr_code"
CODE39 = "code_39"


@dataclass(frozen=True)
class Code:
    format: str
    text: str
    box: list[tuple[int, int]]


@cache
def zxing_module():
    try:
        import zxingcpp
    except ImportError:
        return None
    return zxingcpp


@cache
def zbar_module():
    try:
        from pyzbar import pyzbar
    except (ImportError, OSError):  # OSError: pyzbar present, libzbar missing
        return None
    return pyzbar


@cache
def _zxing_formats():
    f = zxing_module().BarcodeFormat
    # Plain QR and Code 39 (standard and full-ASCII) only: no Micro QR, rMQR,
    # or the pharmacy variants (Code 32, PZN) that rewrite the payload.
    return (f.QRCodeModel2, f.QRCodeModel1, f.Code39Std, f.Code39Ext)


def read_zxing(image, *, invert: bool = True, binarizer: str = "LocalAverage") -> list[Code]:
    zx = zxing_module()
    if zx is None:
        return []
    results = zx.read_barcodes(
        image,
        formats=_zxing_formats(),
        try_rotate=True,
        try_downscale=True,
        try_invert=invert,
        binarizer=getattr(zx.Binarizer, binarizer),
        text_mode=zx.TextMode.Plain,
    )
    codes = []
    for r in results:
        fmt = QR if r.symbology == zx.BarcodeFormat.QRCode else CODE39
        p = r.position
        box = [(int(q.x), int(q.y)) for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
        codes.append(Code(fmt, r.text, box))
    return codes


def read_zbar(image) -> list[Code]:
    zb = zbar_module()
    if zb is None:
        return []
    results = zb.decode(image, symbols=[zb.ZBarSymbol.QRCODE, zb.ZBarSymbol.CODE39])
    codes = []
    for r in results:
        try:
            text = r.data.decode("utf-8")
        except UnicodeDecodeError:
            text = r.data.decode("latin-1")
        fmt = QR if r.type == "QRCODE" else CODE39
        codes.append(Code(fmt, text, _four_corners([(p.x, p.y) for p in r.polygon])))
    return codes


def _four_corners(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """zbar gives a QR quadrilateral but a scan-line polyline for 1-D codes."""
    if len(points) == 4:
        return [(int(x), int(y)) for x, y in points]
    import cv2
    import numpy as np

    rect = cv2.minAreaRect(np.array(points, dtype=np.float32))
    return [(int(round(x)), int(round(y))) for x, y in cv2.boxPoints(rect)]
