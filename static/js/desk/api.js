// The desk's calls to /api/v1. Every answer the page shows comes from the server.
export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

export function createApi({ base, site, csrfToken, strings }) {
  // A venue user with several sites names the site in the query string of every call.
  const url = (path, params = {}) => {
    const given = Object.entries({ ...params, site }).filter(([, value]) => value !== null && value !== undefined && value !== "");
    const query = new URLSearchParams(given).toString();
    return `${base}${path}${query ? `?${query}` : ""}`;
  };

  async function call(method, path, { params, json, form } = {}) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRFToken"] = csrfToken;
    let body;
    if (json) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    } else if (form) {
      body = form;
    }
    let response;
    try {
      response = await fetch(url(path, params), { method, headers, body, credentials: "same-origin" });
    } catch {
      throw new ApiError(strings.offline, "offline");
    }
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new ApiError(answer.message || strings.failed, answer.error || String(response.status));
    return { status: response.status, answer };
  }

  return {
    check: (card, { children, eventId }) =>
      call("GET", `/cards/${encodeURIComponent(card)}`, { params: { children, event_id: eventId } }).then((r) => r.answer),
    record: (use) => call("POST", "/uses", { json: use }),
    recordBatch: (uses) => call("POST", "/uses/batch", { json: { uses } }).then((r) => r.answer.results),
    undo: (useId) => call("POST", `/uses/${useId}/undo`, { json: {} }),
    usesToday: () => call("GET", "/uses/today").then((r) => r.answer.uses),
    eventsToday: () => call("GET", "/events/today").then((r) => r.answer.events),
    decode: (file) => {
      const form = new FormData();
      form.append("image", file);
      return call("POST", "/decode", { form }).then((r) => r.answer);
    },
  };
}
