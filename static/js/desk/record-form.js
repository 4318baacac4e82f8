// The record controls: pre-filled counts with steppers, the category, the session's event as a
// reminder, and an explicit confirmation for a warning. The staff enter the children they see; more
// than the verdict's children_allowed is said beside the field and not sent (the server judges too).
export class RecordForm {
  constructor(form, strings) {
    this.form = form;
    this.strings = strings;
    this.children = form.querySelector("#children");
    this.assistants = form.querySelector("#assistants");
    this.category = form.querySelector("#category");
    this.eventLine = form.querySelector("#record-event");
    this.confirmBox = form.querySelector("#confirm-box");
    this.confirm = form.querySelector("#confirm-warning");
    this.childrenHint = form.querySelector("#children-hint");
    this.childrenError = form.querySelector("#children-error");
    this.childrenAllowed = null;
    this.kind = null;
    this.defaultCategory = this.category.value;
    for (const button of form.querySelectorAll("[data-step]")) {
      button.addEventListener("click", () => this.step(button));
    }
    for (const input of [this.children, this.assistants]) {
      input.addEventListener("change", () => this.clamp(input));
    }
    this.children.addEventListener("input", () => this.markTooManyChildren());
  }

  step(button) {
    const input = this.form.querySelector(`#${button.getAttribute("aria-controls")}`);
    input.value = Number(input.value || 0) + Number(button.dataset.step);
    this.clamp(input);
  }

  clamp(input) {
    const value = Math.round(Number(input.value) || 0);
    input.value = Math.min(Number(input.max), Math.max(Number(input.min), value));
    if (input === this.children) this.markTooManyChildren();
  }

  // The message beside the children field when the count is above what the verdict allows; true then.
  markTooManyChildren() {
    const over = this.childrenAllowed !== null && Number(this.children.value) > this.childrenAllowed;
    const message = this.kind === "community"
      ? this.strings.group_too_large
      : this.strings.children_exceeded.replace("{count}", this.childrenAllowed);
    this.showChildrenError(over ? message : "");
    return over;
  }

  showChildrenError(message) {
    this.childrenError.textContent = message;
    this.childrenError.hidden = !message;
    this.children.setAttribute("aria-invalid", String(Boolean(message)));
  }

  open(verdict, eventLabel) {
    const allowed = verdict.card?.children_allowed ?? 0;
    this.childrenAllowed = allowed;
    this.kind = verdict.card?.kind ?? null;
    this.showEvent(eventLabel);
    this.markTooManyChildren();
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
  openUnchecked(eventLabel) {
    this.childrenAllowed = null;
    this.kind = null;
    this.showEvent(eventLabel);
    this.showChildrenError("");
    this.childrenHint.textContent = this.strings.unchecked_children;
    this.confirmBox.hidden = true;
    this.confirm.required = false;
    this.confirm.checked = false;
    this.form.hidden = false;
  }

  showEvent(label) {
    this.eventLine.textContent = label ? this.strings.record_event.replace("{name}", label) : "";
    this.eventLine.hidden = !label;
  }

  // Out of sight while the card is checked again; the counts the staff entered stay.
  hide() {
    this.form.hidden = true;
  }

  reset() {
    this.form.hidden = true;
    this.childrenAllowed = null;
    this.kind = null;
    this.showChildrenError("");
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
    };
  }
}
