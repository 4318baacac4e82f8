// Draws the server's verdict (or the desk's own notice that it is offline, which brings its title):
// colour, icon, title, message and the card's facts, with data-status and data-reason for anyone
// (and any test) reading the page. A refusal that is not the card's own — the session's event is full
// or sold out, the site itself cannot record, or too many people for the card — has its own title,
// icon and style, never "Not valid".
const ICONS = { ok: "✔", warning: "!", error: "✖" };
const NOT_THE_CARD = {
  quota_full: { kind: "event", icon: "⊘", title: "title_quota_full" },
  sold_out: { kind: "event", icon: "⊘", title: "title_sold_out" },
  organisation_not_active: { kind: "site", icon: "⚠", title: "title_site" },
  children_exceeded: { kind: "count", icon: "!", title: "title_count" },
  group_too_large: { kind: "count", icon: "!", title: "title_count" },
};

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
  const other = NOT_THE_CARD[verdict.reason];
  const panel = element("section", other ? `verdict verdict-${other.kind}` : `verdict verdict-${verdict.status}`);
  panel.dataset.status = verdict.status;
  panel.dataset.reason = verdict.reason;
  if (verdict.site_problem) panel.dataset.siteProblem = verdict.site_problem;
  const icon = element("span", "verdict-icon", other?.icon ?? ICONS[verdict.status]);
  icon.setAttribute("aria-hidden", "true");
  panel.append(icon, element("p", "verdict-title", verdict.title ?? strings[other?.title ?? `title_${verdict.status}`]),
    element("p", "verdict-message", verdict.message));
  // The site's problem is about the site: the card's facts would only distract from it.
  if (other?.kind !== "site") panel.append(facts(verdict, strings, locale));
  region.replaceChildren(panel);
}

export function clearVerdict(region) {
  region.replaceChildren();
}
