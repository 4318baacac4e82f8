// The copy button beside a one-time link: copies the link and says so in the live region; where the
// clipboard cannot be written (no API, or permission refused) it selects the link for a manual copy.
for (const box of document.querySelectorAll("[data-copy-field]")) {
  const field = box.querySelector("input");
  const button = box.querySelector("[data-copy-button]");
  const status = box.querySelector("[data-copy-status]");

  const say = (text) => {
    status.textContent = "";
    // a new text node even when the words repeat, so screen readers announce every copy
    requestAnimationFrame(() => { status.textContent = text; });
  };

  const selectInstead = () => {
    field.focus();
    field.select();
    say(button.dataset.selectInstead);
  };

  button.addEventListener("click", async () => {
    if (!navigator.clipboard?.writeText) {
      selectInstead();
      return;
    }
    try {
      await navigator.clipboard.writeText(field.value);
      say(button.dataset.copied);
    } catch {
      selectInstead();
    }
  });
  button.hidden = false;
}
