// Decides which camera reads become a card check: QR at once, Code 39 only after two identical
// reads in consecutive frames, misreads never, and the same card not again for a while.
import { readCardId } from "../desk/card-id.js";

export const REPEAT_PAUSE_MS = 5000;

export class ReadFilter {
  constructor() {
    this.previousCode39 = null;
    this.pausedUntil = new Map();
  }

  // codes: BarcodeDetector results of one frame. Returns {id, source} or null.
  accept(codes, now) {
    const code39 = codes.find((code) => code.format === "code_39")?.rawValue ?? null;
    const trustedCode39 = code39 !== null && code39 === this.previousCode39;
    this.previousCode39 = code39;
    const candidates = [
      ...codes.filter((code) => code.format === "qr_code").map((code) => ({ text: code.rawValue, source: "camera_qr" })),
      ...(trustedCode39 ? [{ text: code39, source: "camera_code39" }] : []),
    ];
    for (const { text, source } of candidates) {
      const card = readCardId(text);
      if (card.kind !== "card" && card.kind !== "other") continue;
      if ((this.pausedUntil.get(card.id) ?? 0) > now) continue;
      return { id: card.id, source };
    }
    return null;
  }

  pause(id, until) {
    this.pausedUntil.set(id, until);
  }
}
