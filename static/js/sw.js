// Kaikukanta's service worker. The app's own static files (the decoder's .wasm included) come
// from a cache named after their version; the ticket desk's page comes from the network, or from
// the cache when there is no connection. API calls and anything but GET always go to the network.
// /sw.js (app/public/views.py) fills in the two values below.
const STATIC_VERSION = "unversioned";
const PRECACHE = [];

const STATIC_CACHE = `kaikukanta-static-${STATIC_VERSION}`;
const PAGE_CACHE = `kaikukanta-pages-${STATIC_VERSION}`;
const DESK_PATH = "/scan";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const current = [STATIC_CACHE, PAGE_CACHE];
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => !current.includes(name)).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

async function fromCacheFirst(request) {
  const cached = await caches.match(request, { cacheName: STATIC_CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(STATIC_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

// A signed-out visitor is redirected to the sign-in page: the stored desk is then forgotten.
async function keepPage(url, response) {
  const cache = await caches.open(PAGE_CACHE);
  if (response.ok && !response.redirected) await cache.put(url, response);
  else await cache.delete(url);
}

async function fromNetworkFirst(request) {
  try {
    const response = await fetch(request);
    await keepPage(request.url, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(request.url, { cacheName: PAGE_CACHE });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (url.pathname.startsWith("/static/")) event.respondWith(fromCacheFirst(request));
  else if (request.mode === "navigate" && url.pathname === DESK_PATH) event.respondWith(fromNetworkFirst(request));
});

// The desk's first visit happened before this worker controlled it: the page asks to be kept.
self.addEventListener("message", (event) => {
  if (event.data?.type !== "keep-page") return;
  const url = new URL(event.data.url);
  if (url.origin !== self.location.origin || url.pathname !== DESK_PATH) return;
  event.waitUntil(fetch(url, { credentials: "same-origin" }).then((response) => keepPage(url.href, response)));
});
