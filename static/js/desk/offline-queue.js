// Uses recorded without a connection, kept in IndexedDB so that a reload loses nothing. Each
// entry is {client_scan_id, site, use, state: "waiting" | "refused", verdict?}: waiting until the
// server has answered; a refused one stays (with the server's verdict) so staff can follow up.
const DATABASE = "kaikukanta-desk";
const STORE = "queued-uses";

const done = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

function openDatabase() {
  const opening = indexedDB.open(DATABASE, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: "client_scan_id" });
  return done(opening);
}

export class OfflineQueue {
  // site: the venue site the desk works for (null when the user has only one).
  constructor(site) {
    this.site = site === null || site === undefined ? "" : String(site);
    this.database = openDatabase();
  }

  async store(mode) {
    const database = await this.database;
    return database.transaction(STORE, mode).objectStore(STORE);
  }

  async add(use) {
    await done((await this.store("readwrite")).add({ client_scan_id: use.client_scan_id, site: this.site, use,
      state: "waiting" }));
  }

  async entries() {
    const all = await done((await this.store("readonly")).getAll());
    return all.filter((entry) => entry.site === this.site);
  }

  async waiting() {
    return (await this.entries()).filter((entry) => entry.state === "waiting");
  }

  async refuse(entry, verdict) {
    await done((await this.store("readwrite")).put({ ...entry, state: "refused", verdict }));
  }

  async remove(clientScanId) {
    await done((await this.store("readwrite")).delete(clientScanId));
  }
}
