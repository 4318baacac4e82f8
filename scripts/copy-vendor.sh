#!/usr/bin/env bash
# Copies the browser builds the desk needs from node_modules/ into static/js/vendor/ (gitignored):
# the barcode-detector ES module (BarcodeDetector on zxing-cpp) and the zxing reader .wasm it loads.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/barcode-detector
wasm=node_modules/zxing-wasm/dist/reader/zxing_reader.wasm
out=static/js/vendor
mkdir -p "$out/barcode-detector"
cp "$src/dist/es/ponyfill.js" "$src/dist/es/zxing-exported.js" "$src/LICENSE" "$out/barcode-detector/"
cp "$wasm" "$out/zxing_reader.wasm"
cp node_modules/zxing-wasm/LICENSE "$out/zxing-wasm.LICENSE"
