"""Seconds to render the print PDF for 1,000 and 10,000 cards (no database): `python bench/bench_print.py`."""
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.cards import ids  # noqa: E402
from app.printing.sheets import SeriesInfo, render_pdf  # noqa: E402


def main(counts: list[int]) -> None:
    app = create_app()
    with app.app_context():
        for count in counts:
            card_ids = sorted(ids.generate() for _ in range(count))
            started = time.perf_counter()
            pdf = render_pdf(SeriesInfo(1, "Client card", "Bench", date.today()), card_ids)
            seconds = time.perf_counter() - started
            print(f"{count:>6} cards: {seconds:6.1f} s, {len(pdf) / 1e6:5.1f} MB, {count / seconds:6.0f} cards/s")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 10000])
