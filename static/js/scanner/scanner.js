// The camera component every card-reading page shares: the rear camera, the code reader and the
// read filter together. The page decides what a card read means.
import { CameraError, closeCamera, openCamera, scanContinuously } from "./camera.js";
import { createDetector } from "./decoder.js";
import { ReadFilter } from "./read-filter.js";

// Resolves to {track, stop} once the camera runs and the decoder is loaded; rejects with a
// CameraError ("denied", "missing" or "no_decoder"). onRead gets {id, source} for each read the
// filter lets through; with `once`, the camera stops before the first read is handed over.
export async function startScanner({ video, wasmUrl, onRead, container, filter = new ReadFilter(), once = false }) {
  const track = await openCamera(video);
  let made;
  try {
    made = await createDetector(wasmUrl);
  } catch {
    closeCamera(video);
    throw new CameraError("no_decoder");
  }
  container.dataset.decoder = made.kind;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    stopDecoding();
    closeCamera(video);
  };
  const stopDecoding = scanContinuously(video, made.detector, container, (codes) => {
    const read = filter.accept(codes, performance.now());
    if (!read) return;
    if (once) stop();
    onRead(read);
  });
  return { track, stop };
}
