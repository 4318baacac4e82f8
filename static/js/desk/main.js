// The ticket desk: camera, typed or scanned number, or a photo -> the server's verdict -> one tap
// records the tickets -> back to scanning. Without a connection the use is recorded unchecked into
// a queue on the device and sent, and judged, when the connection returns.
import { createApi } from "./api.js";
import { CameraError, keepAwake, setUpTorch, setUpZoom } from "../scanner/camera.js";
import { ReadFilter, REPEAT_PAUSE_MS } from "../scanner/read-filter.js";
import { startScanner } from "../scanner/scanner.js";
import { registerServiceWorker } from "../service-worker-registration.js";
import { readCardId } from "./card-id.js";
import { signal, unlockSoundOnFirstTap } from "./feedback.js";
import { watchField, watchPage } from "./keyboard-scanner.js";
import { OfflineQueue } from "./offline-queue.js";
import { QueueSender } from "./queue-sender.js";
import { RecordForm } from "./record-form.js";
import { SessionEvent } from "./session-event.js";
import { UsesList } from "./uses-list.js";
import { clearVerdict, showVerdict } from "./verdict.js";

const RETRY_MS = 30_000;

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
const queue = new OfflineQueue(config.site);
const queueStatus = $("#queue-status");
const usesList = new UsesList({
  list: $("#uses-list"), dialog: $("#undo-dialog"), dialogText: $("#undo-text"), api, queue, strings,
  locale: config.locale, onError: say, onUndone: recheckAfterUndo,
});
const sender = new QueueSender({ queue, api, onSent: showQueue, onError: say });
const sessionEvent = new SessionEvent($("#event"), {
  site: config.site_id, locale: config.locale,
  onChange: () => current?.verdict && check(current.card, current.source, { typed: current.typed }),
});
const eventProblem = $("#event-problem");
// Refusals that are the session's event's, not the card's: the card can be recorded without the event.
const EVENT_PROBLEMS = new Set(["quota_full", "sold_out"]);
// A number the server cannot take: said beside the card field when it was typed there.
const NUMBER_PROBLEMS = new Set(["malformed", "unknown"]);
// More people than the card admits: said beside the children field, which stays open for a fix.
const COUNT_PROBLEMS = new Set(["children_exceeded", "group_too_large"]);
// The card on screen: what was sent to the server, how it was read (and the text, when typed into
// the card field), whether the staff chose to leave the session's event out, and the answer.
let current = null;

function say(text) {
  cameraStatus.textContent = text;
}

function showError(message) {
  say(message);
  signal("error");
}

const isOffline = (error) => error.code === "offline" || !navigator.onLine;

// The client's own clock, with its offset: 2025-03-01T12:34:56.789+02:00.
function localIsoTime(date) {
  const offset = -date.getTimezoneOffset();
  const pad = (number, width = 2) => String(Math.abs(number)).padStart(width, "0");
  const sign = offset >= 0 ? "+" : "-";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:`
    + `${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
    + `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

async function showQueue() {
  const count = (await queue.waiting()).length;
  queueStatus.textContent = count === 1 ? strings.queue_one : strings.queue_many.replace("{count}", count);
  queueStatus.hidden = count === 0;
  await usesList.refresh();
}

function setManualError(message) {
  manualError.textContent = message;
  manualError.hidden = !message;
  manualInput.setAttribute("aria-invalid", String(Boolean(message)));
}

const eventOf = (entry) => (entry.withoutEvent ? null : sessionEvent.id);
const eventLabelOf = (entry) => (entry.withoutEvent ? "" : sessionEvent.label);

// Nothing of the previous card stays on screen while the new number is checked.
function clearScreen() {
  clearVerdict(verdictRegion);
  eventProblem.hidden = true;
  setManualError("");
}

async function check(card, source, { typed = null, withoutEvent = false } = {}) {
  if (current && current.card !== card) filter.pause(current.card, performance.now() + REPEAT_PAUSE_MS);
  if (current?.card === card) recordForm.hide();
  else recordForm.reset();
  clearScreen();
  const mine = { card, source, typed, withoutEvent, verdict: null };
  current = mine;
  filter.pause(card, Infinity);
  say(strings.checking);
  try {
    const values = recordForm.values();
    const verdict = await api.check(card, { children: values.children, eventId: eventOf(mine) });
    if (current !== mine) return;
    current.verdict = verdict;
    present(verdict);
  } catch (error) {
    if (current !== mine) return;
    if (isOffline(error)) {
      presentOffline();
      return;
    }
    if (typed !== null) showTypedError(typed, error.message);
    else showError(error.message);
    finish();
  }
}

// The number typed into the card field could not be taken: it goes back into the field, selected so
// that the next typing or scan replaces it, with the reason beside it.
function showTypedError(typed, message) {
  manualInput.value = typed;
  manualInput.select();
  setManualError(message);
  say("");
  signal("error");
}

// After an undo in today's list, a repeat warning for that card may no longer hold: ask again.
function recheckAfterUndo(use) {
  const shown = current;
  if (shown?.verdict?.reason === "already_used_today" && shown.verdict.card?.id === use.card) {
    check(shown.card, shown.source, { typed: shown.typed, withoutEvent: shown.withoutEvent });
  }
}

// The card is valid but the session's event cannot take it: check it again without the event and,
// when that is plainly valid, record it at once (a repeat still asks for its confirmation).
async function recordWithoutEvent() {
  if (!current) return;
  await check(current.card, current.source, { typed: current.typed, withoutEvent: true });
  if (current?.withoutEvent && current.verdict?.status === "ok") $("#record-form").requestSubmit();
}

// No verdict without the server: staff may record the use unchecked.
function presentOffline() {
  current.verdict = { status: "warning", reason: "offline", title: strings.offline_title, message: strings.offline_check };
  current.unchecked = true;
  showVerdict(verdictRegion, current.verdict, strings, config.locale);
  signal("warning");
  say("");
  recordForm.openUnchecked(eventLabelOf(current));
  $("#record").focus({ preventScroll: true });
  verdictRegion.scrollIntoView({ block: "start" });
}

async function queueUse(use) {
  try {
    await queue.add({ ...use, source: "offline_sync" });
  } catch {
    showError(strings.queue_failed);
    return;
  }
  signal("ok");
  finish();
  focusCardField();
  await showQueue();
  say(strings.queued);
}

// Ready for the next card; on a phone the camera stays where it is.
function focusCardField() {
  manualInput.focus({ preventScroll: true });
}

function present(verdict) {
  if (current.typed !== null && NUMBER_PROBLEMS.has(verdict.reason)) {
    showTypedError(current.typed, verdict.message);
    finish();
    return;
  }
  showVerdict(verdictRegion, verdict, strings, config.locale);
  signal(verdict.status);
  say("");
  if (EVENT_PROBLEMS.has(verdict.reason) && eventOf(current) !== null) {
    // The card stays on screen (its counts too) for "Record without the event".
    recordForm.hide();
    eventProblem.hidden = false;
    $("#record-without-event").focus({ preventScroll: true });
  } else if (COUNT_PROBLEMS.has(verdict.reason) && verdict.card) {
    recordForm.open(verdict, eventLabelOf(current));
    recordForm.showChildrenError(verdict.message);
    $("#children").focus({ preventScroll: true });
  } else if (verdict.status === "error") {
    finish({ keepVerdict: true });
    return;
  } else {
    recordForm.open(verdict, eventLabelOf(current));
    $("#record").focus({ preventScroll: true });
  }
  verdictRegion.scrollIntoView({ block: "start" });
}

// Back to scanning; the same card is ignored for a few seconds more.
function finish({ keepVerdict = false } = {}) {
  if (current) filter.pause(current.card, performance.now() + REPEAT_PAUSE_MS);
  if (!keepVerdict) clearVerdict(verdictRegion);
  eventProblem.hidden = true;
  recordForm.reset();
  current = null;
}

// What a typed or scanned string becomes: a check, the "check the number" hint, or nothing.
function handleTyped(text, source, { fromField = false } = {}) {
  const card = readCardId(text);
  if (card.kind === "empty") return;
  if (card.kind === "misread") {
    finish();
    setManualError(strings.check_number);
    signal("error");
    return;
  }
  setManualError("");
  manualInput.value = "";
  check(card.id, source, { typed: fromField ? text : null });
}

async function record(event) {
  event.preventDefault();
  if (!current?.verdict) return;
  if (recordForm.needsConfirmation) {
    $("#confirm-warning").focus();
    return;
  }
  if (recordForm.markTooManyChildren()) {
    signal("error");
    $("#children").focus();
    return;
  }
  // A warning on screen has been confirmed by now (the form requires it): a same-day repeat is meant.
  const use = { card: current.card, source: current.source, client_scan_id: crypto.randomUUID(),
    scanned_at: localIsoTime(new Date()), ...recordForm.values(), event_id: eventOf(current),
    confirm_repeat: current.verdict.status === "warning" };
  if (current.unchecked) {
    await queueUse(use);
    return;
  }
  say(strings.recording);
  try {
    const { status, answer } = await api.record(use);
    if (status === 201) {
      signal("ok");
      finish();
      say(strings.recorded);
      focusCardField();
    } else {
      current.verdict = answer.verdict;
      present(answer.verdict);
    }
  } catch (error) {
    if (isOffline(error)) {
      await queueUse(use);
      return;
    }
    showError(error.message);
  }
  usesList.refresh();
  loadEvents();
}

async function loadEvents() {
  try {
    sessionEvent.setEvents(await api.eventsToday());
  } catch (error) {
    if (isOffline(error)) sessionEvent.restoreRemembered();
    else say(error.message);
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

const CAMERA_PROBLEMS = { denied: "camera_denied", missing: "camera_missing", no_decoder: "decoder_missing" };

async function startCamera() {
  say(strings.camera_starting);
  let camera;
  try {
    camera = await startScanner({
      video: $("#camera"), wasmUrl: config.wasm, container: scanner, filter,
      onRead: (read) => check(read.id, read.source),
    });
  } catch (error) {
    say(strings[error instanceof CameraError ? CAMERA_PROBLEMS[error.reason] : "camera_missing"]);
    return;
  }
  setUpTorch(camera.track, $("#torch"), strings);
  setUpZoom(camera.track, $("#zoom-box"), $("#zoom"));
  keepAwake();
  say(strings.camera_ready);
}

unlockSoundOnFirstTap();
const typedByScanner = watchField(manualInput);
$("#manual-form").addEventListener("submit", (event) => {
  event.preventDefault();
  handleTyped(manualInput.value, typedByScanner() ? "keyboard_scanner" : "manual", { fromField: true });
});
watchPage((text) => handleTyped(text, "keyboard_scanner"));
$("#record-form").addEventListener("submit", record);
$("#cancel").addEventListener("click", () => finish());
$("#record-without-event").addEventListener("click", recordWithoutEvent);
$("#photo").addEventListener("change", (event) => {
  const [file] = event.target.files;
  event.target.value = "";
  if (file) readPhoto(file);
});
window.addEventListener("online", () => sender.send());
setInterval(() => navigator.onLine && sender.send(), RETRY_MS);
showQueue().then(() => sender.send());
loadEvents();
startCamera();
registerServiceWorker(config.service_worker, { keepThisPage: true });
