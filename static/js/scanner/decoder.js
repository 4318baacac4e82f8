// The camera's code reader: the browser's own BarcodeDetector when it reads both QR and Code 39,
// otherwise zxing-cpp compiled to WebAssembly, loaded from this app (never a CDN).
const FORMATS = ["qr_code", "code_39"];

async function nativeDetector() {
  if (!("BarcodeDetector" in window)) return null;
  try {
    const supported = await window.BarcodeDetector.getSupportedFormats();
    if (!FORMATS.every((format) => supported.includes(format))) return null;
    return new window.BarcodeDetector({ formats: FORMATS });
  } catch {
    return null;
  }
}

async function wasmDetector(wasmUrl) {
  const zxing = await import("../vendor/barcode-detector/ponyfill.js");
  await zxing.prepareZXingModule({
    overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
  return new zxing.BarcodeDetector({ formats: FORMATS });
}

// {detector, kind: "native" | "wasm"}
export async function createDetector(wasmUrl) {
  const native = await nativeDetector();
  if (native) return { detector: native, kind: "native" };
  return { detector: await wasmDetector(wasmUrl), kind: "wasm" };
}
