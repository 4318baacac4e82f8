// A background export's page: polls the job's status, moves the progress bar, and reloads the page
// when the job is over (the page itself then shows the download link, or the error and a new try).
const section = document.querySelector("[data-job-status]");
const POLL_MS = 1500;
const BUSY = ["pending", "running"];

async function poll() {
  let state;
  try {
    const response = await fetch(section.dataset.statusUrl, {
      headers: { Accept: "application/json" }, credentials: "same-origin",
    });
    if (!response.ok) return;
    state = await response.json();
  } catch {
    setTimeout(poll, POLL_MS * 4);
    return;
  }
  section.dataset.jobStatus = state.status;
  section.querySelector("[data-job-label]").textContent = state.label;
  const bar = section.querySelector("[data-job-progress]");
  if (bar) {
    bar.value = state.progress;
    bar.textContent = `${state.progress} %`;
  }
  if (BUSY.includes(state.status)) {
    setTimeout(poll, POLL_MS);
  } else {
    window.location.reload();
  }
}

if (section && BUSY.includes(section.dataset.jobStatus)) {
  section.querySelector("[data-job-reload]")?.setAttribute("hidden", "");
  setTimeout(poll, POLL_MS);
}
