"""Benchmark the server-side decoder against plain pyzbar and plain zxing-cpp.

    python bench/bench_decode.py [--data DIR] [--decoders ours,zxing,zbar] [--sets GLOB] [--misses]

Every image under DATA/<set>/ has a .txt beside it with the exact expected
text; a hit means that text is among the decoded texts. Times include
decoding the image file.
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.decoding.decoder import DecodeError, decode, load_gray  # noqa: E402
from app.decoding.readers import read_zbar, read_zxing  # noqa: E402

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}
GROUPS = {
    "real QR": "*-qrcode-*",
    "real Code 39": "*-code39-*",
    "synthetic QR": "synth-qr",
    "synthetic Code 39": "synth-c39",
}


def plain(reader):
    def run(data: bytes) -> list[str]:
        return [c.text for c in reader(load_gray(data))]

    return run


def ours(data: bytes) -> list[str]:
    return [c.text for c in decode(data).codes]


DECODERS = {"ours": ours, "zxing": plain(read_zxing), "zbar": plain(read_zbar)}


def load_samples(data_dir: Path, set_glob: str):
    samples = []
    for set_dir in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        if not fnmatch.fnmatch(set_dir.name, set_glob):
            continue
        for image in sorted(set_dir.iterdir()):
            expected = image.with_suffix(".txt")
            if image.suffix.lower() in IMAGE_SUFFIXES and expected.exists():
                text = expected.read_bytes().decode("utf-8").rstrip("\n")
                level = re.search(r"_(L[0-3])\b", image.stem)
                samples.append((set_dir.name, level.group(1) if level else None, image, text))
    return samples


def measure(decoder, samples):
    """Return a list of (set, level, path, hit, ms) per sample."""
    decoder(samples[0][2].read_bytes())  # warm up: lazy imports, library init
    rows = []
    for set_name, level, path, expected in samples:
        data = path.read_bytes()
        start = time.perf_counter()
        try:
            texts = decoder(data)
        except DecodeError:
            texts = []
        ms = (time.perf_counter() - start) * 1000.0
        hit = any(t.rstrip("\n") == expected for t in texts)
        rows.append((set_name, level, path, hit, ms))
    return rows


def summary(rows) -> str:
    if not rows:
        return ""
    hits = sum(r[3] for r in rows)
    times = sorted(r[4] for r in rows)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return (
        f"{hits:>4}/{len(rows):<4}{100.0 * hits / len(rows):5.1f}%"
        f" {statistics.median(times):6.1f} {p95:6.1f} {times[-1]:6.1f}"
    )


def report(results: dict[str, list]) -> None:
    names = list(results)
    any_rows = next(iter(results.values()))
    set_names = sorted({r[0] for r in any_rows})
    selections = [(s, lambda r, s=s: r[0] == s) for s in set_names]
    for s in set_names:
        levels = sorted({r[1] for r in any_rows if r[0] == s and r[1]})
        selections += [(f"{s} {lv}", lambda r, s=s, lv=lv: r[0] == s and r[1] == lv) for lv in levels]
    selections += [(g, lambda r, g=g: fnmatch.fnmatch(r[0], GROUPS[g])) for g in GROUPS]
    selections.append(("TOTAL", lambda r: True))

    cell = "hits/n    rate    med    p95    max"
    print(f"{'set':<20}" + " | ".join(f"{n + ': ' + cell:<38}" for n in names))
    for label, keep in selections:
        cells = [summary([r for r in results[n] if keep(r)]) for n in names]
        if any(cells):
            print(f"{label:<20}" + " | ".join(f"{' ' * (len(n) + 2)}{c:<36}" for n, c in zip(names, cells)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "decode")
    parser.add_argument("--decoders", default="ours,zxing,zbar")
    parser.add_argument("--sets", default="*", help="glob over set folder names")
    parser.add_argument("--misses", action="store_true", help="list the images our decoder missed")
    args = parser.parse_args()

    if not args.data.is_dir():
        print(f"no data directory at {args.data}", file=sys.stderr)
        return 0
    samples = load_samples(args.data, args.sets)
    results = {name: measure(DECODERS[name], samples) for name in args.decoders.split(",")}
    report(results)
    if args.misses and "ours" in results:
        print("\nmissed by ours:")
        for set_name, _level, path, hit, ms in results["ours"]:
            if not hit:
                print(f"  {set_name}/{path.name}  {ms:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
