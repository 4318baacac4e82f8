// The record controls: pre-filled counts with steppers limited by the verdict, the category and
// today's event, and an explicit confirmation for a warning.
export class RecordForm {
  constructor(form, strings) {
    this.form = form;
    this.strings = strings;
    this.children = form.querySelector("#children");
    this.assistants = form.querySelector("#assistants");
    this.category = form.querySelector("#category");
    this.event = form.querySelector("#event");
    this.confirmBox = form.querySelector("#confirm-box");
    this.confirm = form.querySelector("#confirm-warning");
    this.childrenHint = form.querySelector("#children-hint");
    this.defaultCategory = this.category.value;
    for (const button of form.querySelectorAll("[data-step]")) {
      button.addEventListener("click", () => this.step(button));
    }
    for (const input of [this.children, this.assistants]) {
      input.addEventListener("change", () => this.clamp(input));
    }
  }

  step(button) {
    const input = this.form.querySelector(`#${button.getAttribute("aria-controls")}`);
    input.value = Number(input.value || 0) + Number(button.dataset.step);
    this.clamp(input);
  }

  clamp(input) {
    const value = Math.round(Number(input.value) || 0);
    input.value = Math.min(Number(input.max), Math.max(Number(input.min), value));
  }

  setEvents(events, locale) {
    const chosen = this.event.value;
    const time = new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: "Europe/Helsinki" });
    const options = events.map((event) => new Option(`${time.format(new Date(event.starts_at))} ${event.name}`, event.event_id));
    this.event.replaceChildren(this.event.options[0], ...options);
    this.event.value = events.some((event) => String(event.event_id) === chosen) ? chosen : (events[0]?.event_id ?? "");
  }

  open(verdict) {
    const allowed = verdict.card?.children_allowed ?? 0;
    this.children.max = allowed;
    this.clamp(this.children);
    this.childrenHint.textContent = verdict.card?.kind === "community"
      ? this.strings.group_limit
      : `${this.strings.children_allowed}: ${allowed}`;
    const warning = verdict.status === "warning";
    this.confirmBox.hidden = !warning;
    this.confirm.required = warning;
    this.confirm.checked = false;
    this.form.hidden = false;
  }

  // Offline: nothing is known of the card, so the counts are the staff's; the server judges them later.
  openUnchecked() {
    this.children.max = this.children.dataset.uncheckedMax;
    this.childrenHint.textContent = this.strings.unchecked_children;
    this.confirmBox.hidden = true;
    this.confirm.required = false;
    this.confirm.checked = false;
    this.form.hidden = false;
  }

  reset() {
    this.form.hidden = true;
    this.children.value = 0;
    this.assistants.value = 0;
    this.category.value = this.defaultCategory;
    this.confirm.checked = false;
  }

  get needsConfirmation() {
    return !this.confirmBox.hidden && !this.confirm.checked;
  }

  values() {
    return {
      adults: 1,
      children: Number(this.children.value),
      assistants: Number(this.assistants.value),
      category: this.category.value,
      event_id: this.event.value || null,
    };
  }
}
