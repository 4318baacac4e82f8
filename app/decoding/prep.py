"""Image preprocessing for the decoder cascade.

Geometric transforms return ``(image, back)`` where ``back`` is a 2x3 affine
matrix mapping the new image's pixel coordinates to the source image's.
All functions take and return 8-bit grayscale numpy images.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def identity():
    import numpy as np

    return np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


def compose(outer, inner):
    """Affine map equal to applying ``inner`` first, then ``outer``."""
    import numpy as np

    o = np.vstack([outer, [0.0, 0.0, 1.0]])
    i = np.vstack([inner, [0.0, 0.0, 1.0]])
    return (o @ i)[:2]


def map_box(back, box):
    return [
        (int(round(back[0, 0] * x + back[0, 1] * y + back[0, 2])), int(round(back[1, 0] * x + back[1, 1] * y + back[1, 2])))
        for x, y in box
    ]


def resize(gray, scale: float):
    import cv2
    import numpy as np

    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    size = (max(1, round(gray.shape[1] * scale)), max(1, round(gray.shape[0] * scale)))
    out = cv2.resize(gray, size, interpolation=interpolation)
    sy, sx = gray.shape[0] / out.shape[0], gray.shape[1] / out.shape[1]
    return out, np.array([[sx, 0.0, 0.0], [0.0, sy, 0.0]])


def rotate(gray, degrees: float):
    """Rotate counter-clockwise by ``degrees`` on a canvas large enough to keep every pixel."""
    import cv2

    h, w = gray.shape
    rad = math.radians(degrees)
    cos, sin = abs(math.cos(rad)), abs(math.sin(rad))
    nw, nh = int(w * cos + h * sin + 0.5), int(w * sin + h * cos + 0.5)
    fwd = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    fwd[0, 2] += (nw - w) / 2
    fwd[1, 2] += (nh - h) / 2
    out = cv2.warpAffine(gray, fwd, (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return out, cv2.invertAffineTransform(fwd)


def sharpen(gray, sigma: float = 2.0, amount: float = 1.0):
    import cv2

    blurred = cv2.GaussianBlur(gray, (0, 0), sigma)
    return cv2.addWeighted(gray, 1 + amount, blurred, -amount, 0)


def smooth_vertically(gray, length: int):
    """Average along vertical bars: removes noise without widening the bars."""
    import cv2

    return cv2.blur(gray, (1, max(1, length)))


@dataclass(frozen=True)
class BarRegion:
    """A candidate 1-D barcode in source coordinates (x right, y down).

    ``gradient`` is the direction across the bars and ``axis`` the direction
    of the code's long side, both in degrees; under perspective they differ,
    as the bars are then not perpendicular to the code's axis.
    """

    center: tuple[float, float]
    gradient: float
    axis: float
    length: float  # extent along the axis
    height: float  # extent along the bars
    score: float

    def scaled(self, factor: float) -> "BarRegion":
        cx, cy = self.center
        return BarRegion((cx * factor, cy * factor), self.gradient, self.axis, self.length * factor, self.height * factor, self.score)

    def frame(self):
        """Unit vectors (along the axis, along the bars), not mirrored."""
        g, ax = math.radians(self.gradient), math.radians(self.axis)
        along = (math.cos(ax), math.sin(ax))
        if along[0] * math.cos(g) + along[1] * math.sin(g) < 0:
            along = (-along[0], -along[1])
        return along, (-math.sin(g), math.cos(g))


def bar_regions(gray, *, work_side: int = 1280, max_regions: int = 3) -> list[BarRegion]:
    """Find areas of strong, single-orientation gradients (parallel bars).

    Uses the structure tensor: its coherence is near 1 where all gradients
    share one direction, as across barcode bars, and lower on text and QR.
    """
    import cv2
    import numpy as np

    scale = min(1.0, work_side / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    gx = cv2.Sobel(small, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(small, cv2.CV_32F, 0, 1, ksize=3)
    win = max(5, (max(small.shape) // 80) | 1)
    jxx = cv2.blur(gx * gx, (win, win))
    jyy = cv2.blur(gy * gy, (win, win))
    jxy = cv2.blur(gx * gy, (win, win))
    jdiff = jxx - jyy
    energy = jxx + jyy
    coherent = cv2.magnitude(jdiff, 2 * jxy)
    strength = cv2.sqrt(energy)
    sample = strength[::4, ::4]
    floor = max(3.0 * float(np.median(sample)), 0.3 * float(np.percentile(sample, 99.5)), 10.0)
    mask = ((coherent > 0.65 * energy) & (strength > floor)).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (win, win)))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    regions = []
    for label in range(1, count):
        x, y, w, h, area = stats[label]
        if area < 4 * win * win:
            continue
        sel = labels[y : y + h, x : x + w] == label
        sxx = float(jdiff[y : y + h, x : x + w][sel].sum())
        sxy = float(jxy[y : y + h, x : x + w][sel].sum())
        total = float(energy[y : y + h, x : x + w][sel].sum())
        # Averaging the doubled angle lets gradients pointing either way
        # across a bar agree; outlines of boxes cancel out and are dropped.
        if math.hypot(sxx, 2 * sxy) < 0.5 * total:
            continue
        ys, xs = np.nonzero(sel)
        region = _region(xs + x, ys + y, 0.5 * math.degrees(math.atan2(2 * sxy, sxx)), total / 1e6)
        if region is not None:
            regions.append(region.scaled(1 / scale) if scale < 1 else region)
    regions.sort(key=lambda r: -r.score)
    return regions[:max_regions]


def _region(xs, ys, gradient: float, score: float) -> BarRegion | None:
    import numpy as np

    cx, cy = float(xs.mean()), float(ys.mean())
    dx, dy = xs - cx, ys - cy
    cxx, cyy, cxy = float((dx * dx).mean()), float((dy * dy).mean()), float((dx * dy).mean())
    axis = 0.5 * math.degrees(math.atan2(2 * cxy, cxx - cyy))
    spread = math.hypot(cxx - cyy, 2 * cxy) / max(cxx + cyy, 1e-9)
    # A roundish blob has no reliable long axis; nor does one far off the
    # gradient (perspective shears bars by less than that).
    if spread < 0.3 or abs((axis - gradient + 90) % 180 - 90) > 35:
        axis = gradient
    region = BarRegion((cx, cy), gradient, axis, 0.0, 0.0, score)
    (ax, ay), (bx, by) = region.frame()
    det = ax * by - ay * bx
    u = (dx * by - dy * bx) / det
    v = (dy * ax - dx * ay) / det
    length, height = float(np.ptp(u)), float(np.ptp(v))
    if length < 3 * height / 4:
        return None
    return BarRegion((cx, cy), gradient, axis, length, height, score)


def region_crop(gray, region: BarRegion, *, width_px: float = 700.0, max_scale: float = 4.0):
    """Cut out a bar region with its axis horizontal and its bars vertical,
    padded, and scaled so the code spans about ``width_px`` pixels."""
    import cv2
    import numpy as np

    scale = min(max_scale, max(1.0, width_px / max(region.length, 1.0)))
    out_w = int((region.length * 1.3 + 20) * scale)
    out_h = int((region.height * 1.3 + 10) * scale)
    (ax, ay), (bx, by) = region.frame()
    cx, cy = region.center
    back = np.array(
        [
            [ax / scale, bx / scale, cx - (out_w * ax + out_h * bx) / (2 * scale)],
            [ay / scale, by / scale, cy - (out_w * ay + out_h * by) / (2 * scale)],
        ]
    )
    flags = cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP
    out = cv2.warpAffine(gray, back, (out_w, out_h), flags=flags, borderMode=cv2.BORDER_REPLICATE)
    return out, back
