// Draws the server's verdict (or the desk's own notice that it is offline, which brings its title):
// colour, icon, title, message and the card's facts, with data-status and data-reason for anyone
// (and any test) reading the page.
const ICONS = { ok: "✔", warning: "!", error: "✖" };

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function formatDate(iso, locale) {
  const [year, month, day] = iso.split("-").map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: "long" }).format(new Date(year, month - 1, day));
}

export function formatTime(iso, locale) {
  return new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: "Europe/Helsinki" }).format(new Date(iso));
}

// The Helsinki calendar day of a time, as YYYY-MM-DD.
export function helsinkiDay(iso) {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Helsinki" }).format(new Date(iso));
}

function facts(verdict, strings, locale) {
  const rows = [];
  const card = verdict.card;
  if (card) {
    rows.push([strings.card, card.id]);
    rows.push([strings.kind, card.kind === "community" ? strings.kind_community : strings.kind_client]);
    if (card.valid_until) rows.push([strings.valid_until, formatDate(card.valid_until, locale)]);
    rows.push([strings.children_allowed, String(card.children_allowed)]);
  }
  if (verdict.earlier_use_at) rows.push([strings.earlier_use, formatTime(verdict.earlier_use_at, locale)]);
  if (verdict.event) rows.push([strings.quota, `${verdict.event.used}/${verdict.event.quota}`]);
  const list = element("dl", "verdict-facts");
  for (const [term, value] of rows) {
    const row = element("div", "verdict-fact");
    row.append(element("dt", "", term), element("dd", "", value));
    list.append(row);
  }
  return list;
}

export function showVerdict(region, verdict, strings, locale) {
  const panel = element("section", `verdict verdict-${verdict.status}`);
  panel.dataset.status = verdict.status;
  panel.dataset.reason = verdict.reason;
  const icon = element("span", "verdict-icon", ICONS[verdict.status]);
  icon.setAttribute("aria-hidden", "true");
  panel.append(icon, element("p", "verdict-title", verdict.title ?? strings[`title_${verdict.status}`]),
    element("p", "verdict-message", verdict.message), facts(verdict, strings, locale));
  region.replaceChildren(panel);
}

export function clearVerdict(region) {
  region.replaceChildren();
}
