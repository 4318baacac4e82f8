// The ticket desk: camera, typed or scanned number, or a photo -> the server's verdict -> one tap
// records the tickets -> back to scanning.
import { createApi } from "./api.js";
import { CameraError, keepAwake, openCamera, scanContinuously, setUpTorch, setUpZoom } from "./camera.js";
import { readCardId } from "./card-id.js";
import { createDetector } from "./decoder.js";
import { signal, unlockSoundOnFirstTap } from "./feedback.js";
import { watchField, watchPage } from "./keyboard-scanner.js";
import { ReadFilter, REPEAT_PAUSE_MS } from "./read-filter.js";
import { RecordForm } from "./record-form.js";
import { UsesList } from "./uses-list.js";
import { clearVerdict, showVerdict } from "./verdict.js";

const $ = (selector) => document.querySelector(selector);
const strings = JSON.parse($("#desk-strings").textContent);
const config = JSON.parse($("#desk-config").textContent);
const api = createApi({
  base: config.api, site: config.site, strings,
  csrfToken: document.querySelector('meta[name="csrf-token"]').content,
});
const scanner = $("#scanner");
const cameraStatus = $("#camera-status");
const verdictRegion = $("#verdict");
const recordForm = new RecordForm($("#record-form"), strings);
const filter = new ReadFilter();
const manualInput = $("#card-input");
const manualError = $("#card-input-error");
const usesList = new UsesList({
  list: $("#uses-list"), dialog: $("#undo-dialog"), dialogText: $("#undo-text"), api, strings,
  locale: config.locale, onError: say,
});
// The card on screen: what was sent to the server, how it was read, and the answer.
let current = null;

function say(text) {
  cameraStatus.textContent = text;
}

function showError(message) {
  say(message);
  signal("error");
}

function setManualError(message) {
  manualError.textContent = message;
  manualError.hidden = !message;
  manualInput.setAttribute("aria-invalid", String(Boolean(message)));
}

async function check(card, source) {
  if (current && current.card !== card) filter.pause(current.card, performance.now() + REPEAT_PAUSE_MS);
  if (current?.card !== card) recordForm.reset();
  current = { card, source, verdict: null };
  filter.pause(card, Infinity);
  say(strings.checking);
  try {
    const values = recordForm.values();
    const verdict = await api.check(card, { children: values.children, eventId: values.event_id });
    if (current?.card !== card) return;
    current.verdict = verdict;
    present(verdict);
  } catch (error) {
    showError(error.message);
    finish();
  }
}

function present(verdict) {
  showVerdict(verdictRegion, verdict, strings, config.locale);
  signal(verdict.status);
  say("");
  if (verdict.status === "error") {
    finish({ keepVerdict: true });
  } else {
    recordForm.open(verdict);
    $("#record").focus({ preventScroll: true });
    verdictRegion.scrollIntoView({ block: "start" });
  }
}

// Back to scanning; the same card is ignored for a few seconds more.
function finish({ keepVerdict = false } = {}) {
  if (current) filter.pause(current.card, performance.now() + REPEAT_PAUSE_MS);
  if (!keepVerdict) clearVerdict(verdictRegion);
  recordForm.reset();
  current = null;
}

// What a typed or scanned string becomes: a check, the "check the number" hint, or nothing.
function handleTyped(text, source) {
  const card = readCardId(text);
  if (card.kind === "empty") return;
  if (card.kind === "misread") {
    setManualError(strings.check_number);
    signal("error");
    return;
  }
  setManualError("");
  manualInput.value = "";
  check(card.id, source);
}

async function record(event) {
  event.preventDefault();
  if (!current?.verdict) return;
  if (recordForm.needsConfirmation) {
    $("#confirm-warning").focus();
    return;
  }
  const use = { card: current.card, source: current.source, client_scan_id: crypto.randomUUID(),
    scanned_at: new Date().toISOString(), ...recordForm.values() };
  say(strings.recording);
  try {
    const { status, answer } = await api.record(use);
    if (status === 201) {
      signal("ok");
      finish();
      say(strings.recorded);
    } else {
      current.verdict = answer.verdict;
      present(answer.verdict);
    }
  } catch (error) {
    showError(error.message);
  }
  usesList.refresh();
  loadEvents();
}

async function loadEvents() {
  try {
    recordForm.setEvents(await api.eventsToday(), config.locale);
  } catch (error) {
    say(error.message);
  }
}

async function readPhoto(file) {
  say(strings.photo_reading);
  try {
    const { codes } = await api.decode(file);
    const cards = [...new Set(codes.map((code) => code.card).filter(Boolean))];
    if (cards.length === 1) check(cards[0], "server_decode");
    else showError(cards.length ? strings.photo_many : strings.photo_none);
  } catch (error) {
    showError(error.message);
  }
}

async function startCamera() {
  say(strings.camera_starting);
  const video = $("#camera");
  let track;
  try {
    track = await openCamera(video);
  } catch (error) {
    say(error instanceof CameraError && error.reason === "denied" ? strings.camera_denied : strings.camera_missing);
    return;
  }
  setUpTorch(track, $("#torch"), strings);
  setUpZoom(track, $("#zoom-box"), $("#zoom"));
  keepAwake();
  let detector;
  try {
    const made = await createDetector(config.wasm);
    detector = made.detector;
    scanner.dataset.decoder = made.kind;
  } catch {
    say(strings.decoder_missing);
    return;
  }
  say(strings.camera_ready);
  scanContinuously(video, detector, scanner, (codes) => {
    const read = filter.accept(codes, performance.now());
    if (read) check(read.id, read.source);
  });
}

unlockSoundOnFirstTap();
const typedByScanner = watchField(manualInput);
$("#manual-form").addEventListener("submit", (event) => {
  event.preventDefault();
  handleTyped(manualInput.value, typedByScanner() ? "keyboard_scanner" : "manual");
});
watchPage((text) => handleTyped(text, "keyboard_scanner"));
$("#record-form").addEventListener("submit", record);
$("#cancel").addEventListener("click", () => finish());
$("#event").addEventListener("change", () => current?.verdict && check(current.card, current.source));
$("#photo").addEventListener("change", (event) => {
  const [file] = event.target.files;
  event.target.value = "";
  if (file) readPhoto(file);
});
usesList.refresh();
loadEvents();
startCamera();
