"""Pictures of a card's two sides, and the YUV4MPEG2 file Chromium plays as a fake camera."""
from pathlib import Path

import numpy as np
import qrcode
from PIL import Image, ImageDraw

from app.printing.code39 import element_widths

FRAME = (800, 600)


def qr_side(payload: str, size: int = 320) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=0)
    code.add_data(payload)
    symbol = code.make_image(fill_color="black", back_color="white").get_image().convert("L")
    return on_frame(symbol.resize((size, size), Image.NEAREST))


def code39_side(text: str, narrow: int = 3, wide: int = 8, height: int = 220) -> Image.Image:
    widths = element_widths(text, narrow, wide)
    symbol = Image.new("L", (sum(widths), height), 255)
    draw = ImageDraw.Draw(symbol)
    x = 0
    for index, width in enumerate(widths):
        if index % 2 == 0:
            draw.rectangle([x, 0, x + width - 1, height - 1], fill=0)
        x += width
    return on_frame(symbol)


def on_frame(symbol: Image.Image) -> Image.Image:
    frame = Image.new("L", FRAME, 255)
    frame.paste(symbol, ((FRAME[0] - symbol.width) // 2, (FRAME[1] - symbol.height) // 2))
    return frame.convert("RGB")


def write_y4m(image: Image.Image, path: Path, frames: int = 5) -> Path:
    """4:2:0 frames (BT.601 full range, as C420jpeg says) of one still picture."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.float32)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = 0.299 * r + 0.587 * g + 0.114 * b
    u = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    v = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b

    def half(plane):
        return plane.reshape(plane.shape[0] // 2, 2, plane.shape[1] // 2, 2).mean(axis=(1, 3))

    planes = b"".join(np.clip(p, 0, 255).round().astype(np.uint8).tobytes() for p in (y, half(u), half(v)))
    width, height = image.size
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)
    return path
