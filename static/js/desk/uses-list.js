// Today's uses at the site, newest first, each with an undo behind a confirmation dialog; with
// them the uses queued on this device: waiting to be sent, or refused by the server once sent.
// Every item carries data-status: ok, warning, error (refused) or queued.
import { formatTime, helsinkiDay } from "./verdict.js";

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}

function span(className, text) {
  const node = document.createElement("span");
  node.className = className;
  node.textContent = text;
  return node;
}

export class UsesList {
  constructor({ list, dialog, dialogText, api, queue, strings, locale, onError, onUndone }) {
    Object.assign(this, { list, dialog, dialogText, api, queue, strings, locale, onError, onUndone });
    this.serverUses = [];
  }

  async refresh() {
    try {
      this.serverUses = await this.api.usesToday();
    } catch (error) {
      // Offline, the last list fetched stays; the queue shows what waits to be sent.
      if (error.code !== "offline") this.onError(error.message);
    }
    const today = helsinkiDay(new Date().toISOString());
    // A refused use stays in view until dismissed, whatever its day (a too-old one is days old).
    const queued = (await this.queue.entries())
      .filter((entry) => entry.state === "refused" || helsinkiDay(entry.use.scanned_at) === today);
    this.render(this.serverUses, queued);
  }

  render(uses, queued) {
    const items = [
      ...uses.map((use) => ({ at: use.scanned_at, node: this.item(use) })),
      ...queued.map((entry) => ({ at: entry.use.scanned_at, node: this.queuedItem(entry) })),
    ].sort((a, b) => new Date(b.at) - new Date(a.at));
    if (!items.length) {
      const empty = document.createElement("li");
      empty.textContent = this.strings.no_uses;
      this.list.replaceChildren(empty);
      return;
    }
    this.list.replaceChildren(...items.map(({ node }) => node));
  }

  row(className, card, scannedAt, status) {
    const item = document.createElement("li");
    item.className = className;
    item.dataset.card = card;
    item.dataset.status = status;
    item.append(span("use-time", formatTime(scannedAt, this.locale)), span("use-card", card));
    return item;
  }

  item(use) {
    const item = this.row(`use-item${use.undone ? " use-undone" : ""}`, use.card, use.scanned_at,
      use.warning ? "warning" : "ok");
    item.dataset.useId = use.use_id;
    item.append(span("use-tickets", fill(this.strings.tickets, use)));
    if (use.source === "offline_sync") item.append(span("badge", this.strings.sent_later));
    if (use.warning) item.append(span("badge", this.strings.warning_use));
    if (use.undone) item.append(span("badge use-undone-badge", this.strings.undone));
    if (use.can_undo) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button danger";
      button.textContent = this.strings.undo;
      button.addEventListener("click", () => this.askUndo(use, formatTime(use.scanned_at, this.locale)));
      item.append(button);
    }
    return item;
  }

  queuedItem(entry) {
    const refused = entry.state === "refused";
    const item = this.row(`use-item ${refused ? "use-refused" : "use-queued"}`, entry.use.card, entry.use.scanned_at,
      refused ? "error" : "queued");
    item.dataset.clientScanId = entry.client_scan_id;
    item.append(span("use-tickets", fill(this.strings.tickets, entry.use)));
    if (!refused) {
      item.append(span("badge", this.strings.waiting));
      return item;
    }
    item.dataset.reason = entry.verdict.reason;
    if (helsinkiDay(entry.use.scanned_at) !== helsinkiDay(new Date().toISOString())) {
      item.querySelector(".use-time").textContent = new Intl.DateTimeFormat(this.locale,
        { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Helsinki" }).format(new Date(entry.use.scanned_at));
    }
    item.append(span("badge use-refused-badge", this.strings.not_recorded), span("use-refusal", entry.verdict.message));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = this.strings.dismiss;
    button.addEventListener("click", async () => {
      await this.queue.remove(entry.client_scan_id);
      await this.refresh();
    });
    item.append(button);
    return item;
  }

  askUndo(use, time) {
    this.dialogText.textContent = fill(this.strings.undo_confirm, { card: use.card, time });
    this.dialog.returnValue = "";
    this.dialog.addEventListener("close", async () => {
      if (this.dialog.returnValue !== "confirm") return;
      try {
        await this.api.undo(use.use_id);
      } catch (error) {
        this.onError(error.message);
        await this.refresh();
        return;
      }
      await this.refresh();
      this.onUndone?.(use);
    }, { once: true });
    this.dialog.showModal();
  }
}
