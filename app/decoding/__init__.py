"""The optional server-side photo decoder: finds a card's QR or Code 39 code in a photo.

Belongs here: image preparation (prep), the two library readers (readers), the decoding cascade
(decoder) and the worker pool that runs it (pool). The libraries (numpy, OpenCV, Pillow,
zxing-cpp, pyzbar) are optional and imported only when a photo is read, so the app starts and
`decoder.available()` says why not when they are missing. `decoder.decode` and the readers are
plain functions, usable without an app (tests, bench/bench_decode.py).

May import: the standard library and the optional image libraries, and flask's `current_app`.
Nothing from the blueprints, the other domains, models or the database: the decoder knows
images, not cards (the API view decides which text is a card).

`init_app(app)` makes the app's worker pool at start-up; views reach it with `current_decoder()`.
"""
from __future__ import annotations

import weakref

from flask import Flask, current_app

from app.decoding.pool import DecoderBusy, DecoderPool

__all__ = ["DecoderBusy", "DecoderPool", "current_decoder", "init_app"]

EXTENSION = "decoder"


def init_app(app: Flask) -> None:
    pool = DecoderPool()
    app.extensions[EXTENSION] = pool
    # Shut down when the app goes away, or at the latest when the interpreter exits.
    weakref.finalize(app, pool.shutdown)


def current_decoder() -> DecoderPool:
    return current_app.extensions[EXTENSION]
