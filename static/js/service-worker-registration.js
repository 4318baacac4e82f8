// Installs the app's service worker (static/js/sw.js, served at /sw.js for the whole site).
// With keepThisPage, the current page is also stored for offline use the first time, while
// the worker did not yet control it; later loads store it as they pass through the worker.
export async function registerServiceWorker(url, { keepThisPage = false } = {}) {
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register(url, { scope: "/" });
    if (!keepThisPage || navigator.serviceWorker.controller) return;
    const registration = await navigator.serviceWorker.ready;
    registration.active.postMessage({ type: "keep-page", url: window.location.href });
  } catch {
    // Without the worker the app still works online.
  }
}
