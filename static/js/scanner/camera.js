// The rear camera: the stream, torch and zoom where the track supports them, and the screen
// kept awake while scanning.
export class CameraError extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason; // "denied" | "missing" | "no_decoder"
  }
}

export async function openCamera(video) {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError("missing");
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  } catch (error) {
    const denied = error.name === "NotAllowedError" || error.name === "SecurityError";
    throw new CameraError(denied ? "denied" : "missing");
  }
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  return stream.getVideoTracks()[0];
}

export function closeCamera(video) {
  for (const track of video.srcObject?.getTracks() ?? []) track.stop();
  video.srcObject = null;
  video.hidden = true;
}

export function setUpTorch(track, button, strings) {
  if (!track.getCapabilities?.().torch) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    try {
      await track.applyConstraints({ advanced: [{ torch: on }] });
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? strings.torch_off : strings.torch_on;
    } catch {
      button.hidden = true;
    }
  });
}

export function setUpZoom(track, box, input) {
  const zoom = track.getCapabilities?.().zoom;
  if (!zoom || zoom.max <= zoom.min) return;
  Object.assign(input, { min: zoom.min, max: zoom.max, step: zoom.step || 0.1 });
  input.value = track.getSettings().zoom ?? zoom.min;
  box.hidden = false;
  input.addEventListener("input", () => {
    track.applyConstraints({ advanced: [{ zoom: Number(input.value) }] }).catch(() => {
      box.hidden = true;
    });
  });
}

export function keepAwake() {
  if (!("wakeLock" in navigator)) return;
  let lock = null;
  const request = async () => {
    if (document.visibilityState !== "visible" || (lock && !lock.released)) return;
    try {
      lock = await navigator.wakeLock.request("screen");
    } catch {
      lock = null;
    }
  };
  document.addEventListener("visibilitychange", request);
  request();
}

// Decodes frame after frame until the returned function is called; records each decode's duration
// on `container` (data-decode-ms).
export function scanContinuously(video, detector, container, onCodes) {
  let running = true;
  const next = () => {
    if (!running) return;
    if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(tick);
    else setTimeout(tick, 50);
  };
  const tick = async () => {
    if (!running) return;
    if (document.visibilityState !== "visible" || video.readyState < 2) {
      next();
      return;
    }
    const started = performance.now();
    try {
      const codes = await detector.detect(video);
      container.dataset.decodeMs = (performance.now() - started).toFixed(1);
      if (codes.length && running) onCodes(codes);
    } finally {
      next();
    }
  };
  next();
  return () => {
    running = false;
  };
}
