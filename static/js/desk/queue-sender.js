// Sends the offline queue with POST /uses/batch, at most 100 uses a call. The server judges each
// use at its scanned_at; a use it has already recorded answers as the first time, so a batch cut
// off half-way is simply sent again.
const CHUNK = 100;

// The tickets of a queued use were handed out already, so a same-day repeat is confirmed; an event
// id queued as text by an earlier version of the desk is sent as the number the API expects.
const sendable = (use) => ({ ...use, event_id: use.event_id ? Number(use.event_id) : null, confirm_repeat: true });

export class QueueSender {
  constructor({ queue, api, onSent, onError }) {
    Object.assign(this, { queue, api, onSent, onError });
    this.sending = null;
  }

  send() {
    this.sending ??= this.sendWaiting().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  async sendWaiting() {
    const waiting = await this.queue.waiting();
    if (!waiting.length) return;
    try {
      for (let start = 0; start < waiting.length; start += CHUNK) {
        const chunk = waiting.slice(start, start + CHUNK);
        const results = await this.api.recordBatch(chunk.map((entry) => sendable(entry.use)));
        await this.settle(chunk, results);
      }
    } catch (error) {
      if (error.code !== "offline") this.onError(error.message);
    }
    this.onSent();
  }

  async settle(chunk, results) {
    const byId = new Map(chunk.map((entry) => [entry.client_scan_id, entry]));
    for (const result of results) {
      const entry = byId.get(result.client_scan_id);
      if (!entry) continue;
      // 201: recorded (now in today's list from the server); 200: refused with a verdict (too_old: past
      // the offline limit, kept by the server as a refused scan); 4xx: this use's own error.
      if (result.status === 201) await this.queue.remove(entry.client_scan_id);
      else await this.queue.refuse(entry, result.verdict ?? { status: "error", reason: result.error, message: result.message });
    }
  }
}
