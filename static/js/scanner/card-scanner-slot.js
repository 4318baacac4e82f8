// A "Scan" button beside a card-number field (registration, the front page): the desk's camera
// component reads one card, then either fills the field named by data-fill or opens the page
// data-go names (its CARD part replaced by the card's ID). Without JavaScript the slot stays
// hidden and the number is typed; typing always works.
import { CameraError } from "./camera.js";
import { startScanner } from "./scanner.js";

const CAMERA_PROBLEMS = { denied: "msgDenied", missing: "msgMissing", no_decoder: "msgNoDecoder" };

function mount(slot) {
  const startButton = slot.querySelector("[data-scan-start]");
  const view = slot.querySelector("[data-scan-view]");
  const video = view.querySelector("video");
  const status = slot.querySelector("[data-scan-status]");
  const say = (key) => {
    status.textContent = key ? slot.dataset[key] : "";
  };
  let camera = null;

  const close = () => {
    camera?.stop();
    camera = null;
    view.hidden = true;
    startButton.hidden = false;
  };

  const useCard = ({ id }) => {
    close();
    if (slot.dataset.go) {
      say("msgOpening");
      window.location.assign(slot.dataset.go.replace(/CARD$/, encodeURIComponent(id)));
      return;
    }
    const field = document.getElementById(slot.dataset.fill);
    field.value = id;
    field.dispatchEvent(new Event("change", { bubbles: true }));
    field.focus();
    say("msgFound");
  };

  startButton.addEventListener("click", async () => {
    startButton.hidden = true;
    view.hidden = false;
    say("msgStarting");
    try {
      const started = await startScanner({ video, wasmUrl: slot.dataset.wasm, container: slot, onRead: useCard, once: true });
      if (view.hidden) {
        // Stop was tapped, or a card read, while the camera was starting.
        started.stop();
        return;
      }
      camera = started;
      say("msgReady");
    } catch (error) {
      close();
      say(error instanceof CameraError ? CAMERA_PROBLEMS[error.reason] : "msgMissing");
    }
  });
  slot.querySelector("[data-scan-stop]").addEventListener("click", () => {
    close();
    say("");
  });
  slot.hidden = false;
}

for (const slot of document.querySelectorAll("[data-card-scanner]")) mount(slot);
