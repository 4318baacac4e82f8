// Optional helper: a photo of the card goes to the server decoder, and the single card number
// found fills the card number field. Without JavaScript the number is simply typed.
const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

function cardNumbers(answer) {
  const found = (answer.codes ?? []).map((code) => code.card).filter(Boolean);
  return [...new Set(found)];
}

async function readPhoto(helper, file) {
  const target = document.getElementById(helper.dataset.fill);
  const status = helper.querySelector("[data-photo-status]");
  const say = (key) => { status.textContent = helper.dataset[key] ?? ""; };
  say("msgReading");
  const body = new FormData();
  body.append("image", file);
  try {
    const response = await fetch(helper.dataset.url, {
      method: "POST", body, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() },
    });
    if (!response.ok) { say("msgFailed"); return; }
    const numbers = cardNumbers(await response.json());
    if (numbers.length === 1) {
      target.value = numbers[0];
      target.dispatchEvent(new Event("change", { bubbles: true }));
      target.focus();
      say("msgFound");
    } else {
      say(numbers.length ? "msgMany" : "msgNone");
    }
  } catch {
    say("msgFailed");
  }
}

for (const helper of document.querySelectorAll("[data-photo-decode]")) {
  const input = helper.querySelector('input[type="file"]');
  input.addEventListener("change", () => {
    if (input.files.length) readPhoto(helper, input.files[0]);
    input.value = "";
  });
  helper.hidden = false;
}
