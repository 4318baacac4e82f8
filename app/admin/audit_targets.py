"""What the entries on one page of the audit log are about, in words: the target's name (an
organisation's name, a person's e-mail, a card's ID...) and the names behind ids in the details.
Names are loaded with one query per kind of target for the whole page, never one per row."""
from collections import defaultdict
from typing import Any

from flask_babel import gettext as _, ngettext

from app.cards.validation import as_id
from app.core.labels import AUDIT_TARGET, ORG_KIND
from app.models import AuditEntry
from app.network import audit_log

# Ids inside `details` that point at something, and the kind of target they point at.
REFERENCES = {"organisation_id": "organisation", "area": "area", "invited_by": "user"}


def pointed_at(entry: AuditEntry) -> tuple[str, int | None]:
    """The kind and id of the row an entry's target names (an annual checklist is "<area>:<year>")."""
    if entry.target_type == "annual_checklist":
        return "area", as_id(entry.target_id.partition(":")[0])
    return entry.target_type, as_id(entry.target_id)


def wanted(entries: list[AuditEntry]) -> dict[str, set[int]]:
    ids: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        kind, number = pointed_at(entry)
        if number:
            ids[kind].add(number)
        details = entry.details or {}
        for field, target in REFERENCES.items():
            if number := as_id(details.get(field)):
                ids[target].add(number)
    return ids


def named(entry: AuditEntry, found: dict[str, dict[int, Any]], lang: str) -> str:
    kind, number = pointed_at(entry)
    row = found.get(kind, {}).get(number)
    label = str(AUDIT_TARGET.get(entry.target_type, entry.target_type))
    if entry.target_type == "national_settings":
        return label
    if entry.target_type == "database_fee":
        return f"{label} {entry.target_id}"
    if entry.target_type == "card":
        return f"{label}: {entry.target_id}" if entry.target_id != "-" else _("Several cards")
    if entry.target_type == "card_series":
        return f"{label} #{entry.target_id}"
    if entry.target_type == "annual_checklist":
        year = entry.target_id.partition(":")[2]
        return f"{label} {year}: {row.name}" if row else f"{label} {year}"
    if row is None:
        return f"{label} #{entry.target_id}"
    if entry.target_type == "organisation":
        return f"{ORG_KIND.get(row.kind, label)}: {row.name}"
    if entry.target_type == "use":
        return _("Use #%(id)s at %(venue)s", id=row.id, venue=row.name)
    if entry.target_type == "stock_request":
        return ngettext("Card request #%(id)s (%(site)s, %(num)d card)",
                        "Card request #%(id)s (%(site)s, %(num)d cards)", row.count, id=row.id, site=row.name)
    if entry.target_type == "annual_task":
        return f"{label}: {getattr(row, f'text_{lang}', '') or row.text_fi}"
    return f"{label}: {row[1]}"


def targets(entries: list[AuditEntry], lang: str) -> tuple[dict[int, str], dict[str, dict[str, str]]]:
    """(entry id -> its target in words, detail field -> raw id -> name) for one page of entries."""
    found = audit_log.targets(wanted(entries))
    names = {field: {str(number): row[1] for number, row in found.get(kind, {}).items()}
             for field, kind in REFERENCES.items()}
    return {entry.id: named(entry, found, lang) for entry in entries}, names
