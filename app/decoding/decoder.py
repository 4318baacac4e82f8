"""Server-side fallback decoder for card photos: finds a QR or Code 39 code.

``decode(image_bytes)`` runs a fast first pass with the plain readers and then,
while nothing acceptable has been found and the time budget allows, a cascade
of preprocessing passes ordered by how much they add per millisecond.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Callable

from app.decoding import prep as prep
from app.decoding.readers import Code, read_zbar, read_zxing, zbar_module, zxing_module

__all__ = ["Code", "DecodeError", "DecodeResult", "available", "decode", "load_gray"]

MAX_PIXELS = 40_000_000
WORK_MAX_SIDE = 2000
MIN_SIDE = 16  # smaller than any legible code


class DecodeError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass
class DecodeResult:
    codes: list[Code] = field(default_factory=list)
    ms: float = 0.0


def available() -> tuple[bool, str]:
    missing = [name for name in ("numpy", "cv2", "PIL") if not _importable(name)]
    if missing:
        return False, f"missing Python package(s): {', '.join(missing)}"
    if zxing_module() is None and zbar_module() is None:
        return False, "neither zxing-cpp nor pyzbar (with libzbar) is available"
    return True, "ok"


def _importable(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


def load_gray(image_bytes: bytes):
    """Decode JPEG/PNG/WebP bytes into an 8-bit grayscale numpy image."""
    import cv2
    import numpy as np

    has_alpha = _check_header(image_bytes)
    buf = np.frombuffer(image_bytes, dtype=np.uint8)
    flags = cv2.IMREAD_UNCHANGED if has_alpha else cv2.IMREAD_GRAYSCALE
    image = cv2.imdecode(buf, flags) if buf.size else None
    if image is None or image.size == 0:
        raise DecodeError("unreadable", "the image data is corrupt or truncated")
    return _to_gray8(image)


def _check_header(image_bytes: bytes) -> bool:
    """Refuse non-images and oversized images before any pixel is decoded.

    Returns whether the image has an alpha channel.
    """
    from PIL import Image

    try:
        with Image.open(io.BytesIO(image_bytes)) as im:
            width, height = im.size
            mode, info = im.mode, im.info
    except Image.DecompressionBombError as exc:
        raise DecodeError("too_large", "the image declares too many pixels") from exc
    except Exception as exc:  # Pillow raises many types for garbage input
        raise DecodeError("not_an_image", "the data is not a readable image") from exc
    if width * height > MAX_PIXELS:
        raise DecodeError("too_large", f"the image has {width}x{height} pixels, over the limit")
    return mode in ("RGBA", "LA", "PA") or "transparency" in info


def _to_gray8(image):
    import cv2
    import numpy as np

    if image.dtype != np.uint8:
        image = cv2.convertScaleAbs(image, alpha=255.0 / max(1, np.iinfo(image.dtype).max))
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        # Transparent areas are black in the colour channels: put them on white.
        alpha = image[:, :, 3:4].astype(np.float32) / 255.0
        image = (image[:, :, :3] * alpha + 255.0 * (1.0 - alpha)).astype(np.uint8)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def decode(image_bytes: bytes, *, budget_ms: float = 700, accept: Callable[[str], bool] | None = None) -> DecodeResult:
    """Find QR and Code 39 codes; stop at the first one ``accept`` approves
    (or at the first one at all when ``accept`` is None)."""
    start = time.perf_counter()
    gray = load_gray(image_bytes)
    run = _Run(start, budget_ms, accept)
    if min(gray.shape) < MIN_SIDE:
        return DecodeResult([], run.elapsed_ms())
    ctx = _Context(gray)
    for stage in _STAGES:
        if run.done or not run.fits(stage.cost_ms(ctx.megapixels)):
            break
        for image, back, reader in stage.views(ctx):
            run.add(reader(image), back)
            if run.done or run.elapsed_ms() > budget_ms:
                break
    return DecodeResult(run.codes, run.elapsed_ms())


class _Run:
    """Collects codes across passes and keeps the clock."""

    def __init__(self, start: float, budget_ms: float, accept):
        self.start = start
        self.budget_ms = budget_ms
        self.accept = accept
        self.codes: list[Code] = []
        self.done = False

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self.start) * 1000.0

    def fits(self, cost_ms: float) -> bool:
        return self.elapsed_ms() + cost_ms <= self.budget_ms

    def add(self, codes: list[Code], back) -> None:
        seen = {(c.format, c.text) for c in self.codes}
        for code in codes:
            if (code.format, code.text) in seen:
                continue
            seen.add((code.format, code.text))
            self.codes.append(Code(code.format, code.text, prep.map_box(back, code.box)))
            if self.accept is None or self.accept(code.text):
                self.done = True


class _Context:
    """The image at the working resolution plus intermediate results shared by stages."""

    def __init__(self, gray):
        scale = min(1.0, WORK_MAX_SIDE / max(gray.shape))
        self.work, self.back = prep.resize(gray, scale) if scale < 1 else (gray, prep.identity())
        self.megapixels = self.work.size / 1e6

    def view(self, image, back=None):
        """A derived image with its map back to the original's coordinates."""
        return image, self.back if back is None else prep.compose(self.back, back)

    @cached_property
    def bar_regions(self):
        return prep.bar_regions(self.work, max_regions=2)


@dataclass(frozen=True)
class _Stage:
    name: str
    ms_per_megapixel: float  # measured on a 2-core server, with a margin
    views: Callable  # _Context -> iterator of (image, back, reader)

    def cost_ms(self, megapixels: float) -> float:
        return 2.0 + self.ms_per_megapixel * megapixels


def _plain(ctx):
    yield ctx.work, ctx.back, read_zxing
    yield ctx.work, ctx.back, read_zbar


def _bar_crops(ctx):
    """Rectify each candidate 1-D code (axis horizontal, bars vertical), then
    average along the bars against noise and sharpen across them against blur."""
    for region in ctx.bar_regions:
        crop, back = prep.region_crop(ctx.work, region)
        bars = prep.sharpen(prep.smooth_vertically(crop, crop.shape[0] // 4), 3.0, 3.0)
        image, back = ctx.view(bars, back)
        yield image, back, read_zxing
        yield image, back, read_zbar


def _sharpened(ctx):
    yield *ctx.view(prep.sharpen(ctx.work, 2.0, 3.0)), read_zxing


def _half_global(ctx):
    """Halving averages away noise and print dither; a global threshold then
    copes with codes whose local contrast misleads the default binarizer."""
    half, back = prep.resize(ctx.work, 0.5)
    yield *ctx.view(half, back), partial(read_zxing, binarizer="GlobalHistogram")


def _rotated(ctx):
    for degrees in (20, -20, 45):
        yield *ctx.view(*prep.rotate(ctx.work, degrees)), read_zxing


_STAGES = (
    _Stage("plain", 40, _plain),
    _Stage("half_global", 3, _half_global),
    _Stage("bar_crops", 80, _bar_crops),
    _Stage("sharpened", 10, _sharpened),
    _Stage("rotated", 25, _rotated),
)
