// Polls the series' print status and updates the progress bar; shows the download link when ready.
const section = document.querySelector("[data-status-url]");
const POLL_MS = 1500;

async function poll() {
  let state;
  try {
    const response = await fetch(section.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    state = await response.json();
  } catch {
    setTimeout(poll, POLL_MS * 4);
    return;
  }
  section.dataset.printStatus = state.status;
  section.querySelector("[data-print-label]").textContent = state.label;
  const bar = section.querySelector("[data-print-progress]");
  if (bar) bar.value = state.progress;
  if (state.status === "pending" || state.status === "rendering") {
    setTimeout(poll, POLL_MS);
  } else {
    // finished or failed: the page itself shows the result, the retry button and any error
    window.location.reload();
  }
}

if (section && ["pending", "rendering"].includes(section.dataset.printStatus)) {
  section.querySelector("[data-print-reload]")?.setAttribute("hidden", "");
  setTimeout(poll, POLL_MS);
}
