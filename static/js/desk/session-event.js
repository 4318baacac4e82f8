// The event the staff chose for this session at the top of the desk. A use belongs to an event only
// through this choice; the desk never picks one itself. The choice is kept in sessionStorage per
// site, so a reload keeps it (also offline, with its label), and it is dropped once the event is no
// longer one of today's.
import { helsinkiDay } from "./verdict.js";

export class SessionEvent {
  constructor(select, { site, locale, onChange }) {
    this.select = select;
    this.key = `desk-event:${site}`;
    this.time = new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: "Europe/Helsinki" });
    select.addEventListener("change", () => {
      this.remember();
      onChange();
    });
  }

  get id() {
    return this.select.value ? Number(this.select.value) : null;
  }

  get label() {
    return this.select.value ? this.select.selectedOptions[0].textContent : "";
  }

  // Today's events from the server; the current or remembered choice stays only if it is among them.
  setEvents(events) {
    const wanted = this.select.value || this.stored()?.id;
    const options = events.map((event) => {
      const option = new Option(`${this.time.format(new Date(event.starts_at))} ${event.name}`, event.event_id);
      option.dataset.day = helsinkiDay(event.starts_at);
      return option;
    });
    this.select.replaceChildren(this.select.options[0], ...options);
    this.select.value = events.some((event) => String(event.event_id) === String(wanted)) ? wanted : "";
    this.remember();
  }

  // Without the server (offline reload), the remembered choice is shown as it was, if it is today's.
  restoreRemembered() {
    const stored = this.stored();
    if (this.select.value || !stored || stored.day !== helsinkiDay(new Date().toISOString())) return;
    const option = new Option(stored.label, stored.id);
    option.dataset.day = stored.day;
    this.select.append(option);
    this.select.value = stored.id;
  }

  remember() {
    try {
      if (!this.select.value) {
        sessionStorage.removeItem(this.key);
        return;
      }
      const option = this.select.selectedOptions[0];
      sessionStorage.setItem(this.key, JSON.stringify({ id: this.select.value, label: option.textContent,
        day: option.dataset.day }));
    } catch {
      // Storage refused (private mode): the choice simply lasts until the page is left.
    }
  }

  stored() {
    try {
      return JSON.parse(sessionStorage.getItem(this.key));
    } catch {
      return null;
    }
  }
}
