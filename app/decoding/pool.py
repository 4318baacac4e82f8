"""The decoder's worker pool: photos are read beside the request thread, a few at a time.

Decoding runs in a worker so that the request can give up on time even if a native call does not.
The pool starts no thread until the first photo arrives, so a pool made before gunicorn forks its
workers (with ``--preload``) is still whole in each worker.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout
from typing import Callable

from app.decoding.decoder import DecodeResult, decode


class DecoderBusy(Exception):
    """Every slot holds a photo already; the caller should try again shortly."""


class DecoderPool:
    def __init__(self, workers: int = 2, held: int = 4):
        # Two workers match the two cores a small host has.
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="decode")
        # At most `held` photos in memory, decoding or waiting; past that the server is busy.
        self._slots = threading.BoundedSemaphore(held)

    def read(self, image_bytes: bytes, *, budget_ms: float, timeout_s: float,
             accept: Callable[[str], bool] | None = None) -> DecodeResult | None:
        """The codes in the photo, or None when the worker has not answered within `timeout_s`.

        Raises DecoderBusy when all slots are taken, and the decoder's DecodeError for bad images.
        """
        if not self._slots.acquire(blocking=False):
            raise DecoderBusy
        try:
            future = self._executor.submit(decode, image_bytes, budget_ms=budget_ms, accept=accept)
        except BaseException:
            self._slots.release()
            raise
        # The slot is given back when the work ends, not when the request stops waiting for it.
        future.add_done_callback(lambda _future: self._slots.release())
        try:
            return future.result(timeout=timeout_s)
        except FutureTimeout:
            future.cancel()
            return None

    def shutdown(self) -> None:
        """Drop waiting photos; let a running decode finish within its own time budget."""
        self._executor.shutdown(wait=False, cancel_futures=True)
