"""The decoder's worker pool: made by init_app for each app, refuses when full, gives up on time."""
import threading
import time

import pytest

from app import decoding
from app.decoding import DecoderBusy, DecoderPool, pool as pool_module
from app.decoding.decoder import DecodeResult
from tests.test_decode_api import qr_photo, upload


@pytest.fixture
def stuck_decode(monkeypatch):
    """Every decode waits until the test lets it go."""
    release = threading.Event()
    started = threading.Semaphore(0)

    def decode(image_bytes, **kwargs):
        started.release()
        release.wait(120)  # until the test lets go; teardown always does
        return DecodeResult([], 1.0)

    monkeypatch.setattr(pool_module, "decode", decode)
    yield started, release
    release.set()


def read_when_free(pool: DecoderPool, patience_s: float = 60):
    """The slot comes back when the worker's done-callback runs: wait for it on a slow machine too."""
    deadline = time.monotonic() + patience_s
    while time.monotonic() < deadline:
        try:
            return pool.read(b"photo", budget_ms=10, timeout_s=patience_s)
        except DecoderBusy:
            time.sleep(0.05)
    raise AssertionError("the slot never came back")


def test_each_app_gets_its_own_pool_at_start_up(app):
    assert isinstance(decoding.current_decoder(), DecoderPool)
    assert decoding.current_decoder() is app.extensions["decoder"]


def test_a_full_pool_refuses_and_takes_photos_again_once_the_work_ends(stuck_decode):
    started, release = stuck_decode
    pool = DecoderPool(workers=1, held=1)
    try:
        assert pool.read(b"photo", budget_ms=10, timeout_s=0.05) is None  # gave up waiting
        assert started.acquire(timeout=5)
        with pytest.raises(DecoderBusy):
            pool.read(b"photo", budget_ms=10, timeout_s=0.05)
        release.set()
        assert read_when_free(pool) == DecodeResult([], 1.0)
    finally:
        pool.shutdown()


def test_the_endpoint_says_busy_or_out_of_time(app, venue_api, stuck_decode, monkeypatch):
    started, release = stuck_decode
    monkeypatch.setattr("app.api.decode.HARD_LIMIT_S", 0.1)
    app.extensions["decoder"] = pool = DecoderPool(workers=1, held=1)
    try:
        late = upload(venue_api, qr_photo("hello"))
        assert late.status_code == 200 and late.get_json()["codes"] == [] and late.get_json()["message"]
        busy = upload(venue_api, qr_photo("hello"))
        assert busy.status_code == 503 and busy.get_json()["error"] == "busy"
    finally:
        release.set()
        pool.shutdown()
