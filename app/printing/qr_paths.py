"""QR symbols as PDF fill operators in module units (one rectangle per run of dark modules).

Choosing the mask pattern, as ISO/IEC 18004 asks, is most of the cost of a card, so a big series
computes its symbols in worker processes. This module imports only `qrcode` so workers start fast.
"""
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import qrcode

POOL_FROM = 500  # below this, starting workers costs more than it saves
CHUNK = 250


def qr_matrix(payload: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def qr_path(payload: str) -> tuple[int, str]:
    """(modules per side, PDF operators filling the dark modules; row 0 is the top row)."""
    matrix = qr_matrix(payload)
    parts = []
    for row, cells in enumerate(matrix):
        start = None
        for col, dark in enumerate([*cells, False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                parts.append(f"{start} {row} {col - start} 1 re")
                start = None
    parts.append("f")
    return len(matrix), "\n".join(parts)


def qr_paths(payloads: Sequence[str], workers: int | None = None) -> Iterator[tuple[int, str]]:
    """`qr_path` of each payload, in order."""
    workers = workers or min(4, os.cpu_count() or 1)
    if len(payloads) < POOL_FROM or workers < 2:
        yield from map(qr_path, payloads)
        return
    # spawn, not fork: the caller may be one thread of a multi-threaded server
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        yield from pool.map(qr_path, payloads, chunksize=CHUNK)
