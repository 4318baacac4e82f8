// Today's uses at the site, newest first, each with an undo behind a confirmation dialog.
import { formatTime } from "./verdict.js";

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}

export class UsesList {
  constructor({ list, dialog, dialogText, api, strings, locale, onError }) {
    Object.assign(this, { list, dialog, dialogText, api, strings, locale, onError });
  }

  async refresh() {
    try {
      this.render(await this.api.usesToday());
    } catch (error) {
      this.onError(error.message);
    }
  }

  render(uses) {
    if (!uses.length) {
      const empty = document.createElement("li");
      empty.textContent = this.strings.no_uses;
      this.list.replaceChildren(empty);
      return;
    }
    this.list.replaceChildren(...uses.map((use) => this.item(use)));
  }

  item(use) {
    const item = document.createElement("li");
    item.className = `use-item${use.undone ? " use-undone" : ""}`;
    item.dataset.useId = use.use_id;
    item.dataset.card = use.card;
    const time = formatTime(use.scanned_at, this.locale);
    const parts = [["use-time", time], ["use-card", use.card], ["use-tickets", fill(this.strings.tickets, use)]];
    if (use.warning) parts.push(["badge", this.strings.warning_use]);
    if (use.undone) parts.push(["badge use-undone-badge", this.strings.undone]);
    for (const [className, text] of parts) {
      const span = document.createElement("span");
      span.className = className;
      span.textContent = text;
      item.append(span);
    }
    if (use.can_undo) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button danger";
      button.textContent = this.strings.undo;
      button.addEventListener("click", () => this.askUndo(use, time));
      item.append(button);
    }
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
      }
      await this.refresh();
    }, { once: true });
    this.dialog.showModal();
  }
}
