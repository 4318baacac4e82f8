// A USB or Bluetooth barcode scanner types like a keyboard, but a whole code within a few tens of
// milliseconds and then Enter. Inter-key timing tells it apart from a person typing; the mean gap
// is used, not the largest, because a busy device now and then delays one key event.
// Times come from performance.now() when each key is handled, so a test can drive them with a
// controlled clock instead of racing the machine's real one.
const MEAN_GAP_MS = 40;
const PAUSE_MS = 300;
const MIN_LENGTH = 6;

class KeyTiming {
  constructor() {
    this.times = [];
  }

  key(now) {
    if (now - (this.times.at(-1) ?? -Infinity) > PAUSE_MS) this.times = [];
    this.times.push(now);
  }

  // True when the last `length` keys came at scanner speed and Enter followed at once.
  wasScanner(length, now) {
    const times = this.times.slice(-length);
    this.times = [];
    if (length < MIN_LENGTH || times.length < length || now - times.at(-1) > PAUSE_MS) return false;
    return (times.at(-1) - times[0]) / (times.length - 1) <= MEAN_GAP_MS;
  }
}

const isTextKey = (event) => event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;

// The card-number field: tells its form's submit handler whether a scanner typed the value.
export function watchField(input) {
  const timing = new KeyTiming();
  let scanner = false;
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") scanner = timing.wasScanner(input.value.length, performance.now());
    else if (isTextKey(event)) timing.key(performance.now());
  });
  input.addEventListener("input", (event) => {
    if (event.inputType !== "insertText") timing.times = [];
  });
  return () => {
    const wasScanner = scanner;
    scanner = false;
    return wasScanner;
  };
}

// Anywhere else on the page (nothing focused that takes text): a fast burst ending in Enter is a scan.
export function watchPage(onScan) {
  const timing = new KeyTiming();
  let buffer = "";
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, select, textarea, dialog")) return;
    const now = performance.now();
    if (event.key === "Enter") {
      if (buffer && timing.wasScanner(buffer.length, now)) {
        event.preventDefault();
        onScan(buffer);
      }
      buffer = "";
    } else if (isTextKey(event)) {
      if (now - (timing.times.at(-1) ?? -Infinity) > PAUSE_MS) buffer = "";
      timing.key(now);
      buffer += event.key;
    }
  });
}
