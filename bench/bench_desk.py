"""Benchmark the ticket desk in Chromium with a card in front of the fake camera.

    python bench/bench_desk.py [--runs 10]

For each side of a card (QR, Code 39) it loads /scan RUNS times and reports the median time from
navigation start to the verdict on screen, and the in-browser decode time per camera frame
(the desk records each in data-decode-ms on the scanner). Needs /usr/bin/chromium.
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from app.extensions import db  # noqa: E402
from tests import factories  # noqa: E402
from tests.browser.card_images import code39_side, qr_side, write_y4m  # noqa: E402
from tests.browser.desk_browser import chromium_with_camera, open_desk  # noqa: E402
from tests.browser.live_server import LiveServer  # noqa: E402

EMAIL = "bench@example.fi"
# Collects every decode duration the desk reports for `ms` milliseconds.
SAMPLE_DECODES = """ms => new Promise(done => {
  const scanner = document.querySelector('#scanner'), samples = [];
  new MutationObserver(() => samples.push(Number(scanner.dataset.decodeMs)))
    .observe(scanner, {attributes: true, attributeFilter: ['data-decode-ms']});
  setTimeout(() => done(samples), ms);
})"""


def set_up(server: LiveServer) -> str:
    with server.app.app_context():
        factories.area()
        venue = factories.organisation("venue", name="Teatteri", municipality="186")
        distributor = factories.organisation("distributor")
        factories.user("venue", org=venue, email=EMAIL)
        card_id = factories.ActiveCardFactory.create(distributor).id
        db.session.commit()
    return card_id


def measure(playwright, server: LiveServer, video: Path, runs: int) -> tuple[list[float], list[float]]:
    with chromium_with_camera(playwright, video) as browser:
        desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
        page = desk.page
        to_verdict = []
        for _ in range(runs):
            started = time.perf_counter()
            page.goto(f"{server.url}/scan")
            page.wait_for_selector("#verdict [data-status]", timeout=20_000)
            to_verdict.append((time.perf_counter() - started) * 1000)
        decodes = page.evaluate(SAMPLE_DECODES, 3000)
        assert not desk.outside_requests, desk.outside_requests
    return to_verdict, decodes


def report(name: str, to_verdict: list[float], decodes: list[float]) -> None:
    print(f"{name}: load to verdict median {statistics.median(to_verdict):.0f} ms "
          f"(min {min(to_verdict):.0f}, max {max(to_verdict):.0f}, n={len(to_verdict)}); "
          f"decode per frame median {statistics.median(decodes):.1f} ms "
          f"(p90 {sorted(decodes)[int(len(decodes) * .9)]:.1f}, n={len(decodes)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp, LiveServer(Path(tmp)) as server, sync_playwright() as playwright:
        card_id = set_up(server)
        sides = {"QR (800x600, symbol 320 px)": qr_side(f"{server.app.config['PUBLIC_BASE_URL']}/c/{card_id}"),
                 "Code 39 (800x600, narrow bar 3 px)": code39_side(card_id)}
        for name, picture in sides.items():
            video = write_y4m(picture, Path(tmp) / "camera.y4m", frames=30)
            report(name, *measure(playwright, server, video, args.runs))


if __name__ == "__main__":
    main()
