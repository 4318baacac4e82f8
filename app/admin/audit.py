"""The audit log: who did what and when, for the national admin and, within their areas, for coordinators."""
import re
from datetime import date
from typing import Any

from flask import abort, render_template, request
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.audit_targets import targets
from app.auth.scope import guard
from app.cards.validation import as_id
from app.core.labels import (
    AUDIT_ACTION, AUDIT_FIELD, CARD_KIND, CATEGORY, CONTINUATION_ANSWER, INACTIVATION_REASON, MATERIAL_AUDIENCE, MATERIAL_KIND,
    MATERIAL_LANGUAGE, ORG_KIND, ORG_STATE, ROLE, SIDE,
)
from app.models import AuditEntry
from app.models.base import to_helsinki
from app.network import audit_log as log
from app.network.areas import municipality_names

PAGE_SIZE = 50
CODED = {"approval_state": ORG_STATE, "kind": {**ORG_KIND, **CARD_KIND}, "default_category": CATEGORY,
         "role": ROLE, "side": SIDE, "reason": INACTIVATION_REASON, "audience": MATERIAL_AUDIENCE,
         "material_kind": MATERIAL_KIND, "language": MATERIAL_LANGUAGE,
         "answer": CONTINUATION_ANSWER}
PLACES = ("municipality_code", "municipalities")


def shown(field: str, value: Any, names: dict[str, dict[str, str]]) -> str:
    """A value in words: states, kinds, roles and categories translated; municipalities, organisations,
    areas and people by name (`names`: field -> raw value -> name)."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(shown(field, item, names) for item in value)
    if field == "memberships":
        return membership(str(value))
    if isinstance(value, dict):
        return ", ".join(f"{AUDIT_FIELD.get(key, key)}: {shown(key, item, names)}" for key, item in value.items())
    if field in CODED:
        return str(CODED[field].get(value, value))
    if field in names:
        return names[field].get(str(value), str(value))
    return str(value)


def membership(text: str) -> str:
    """A role as the log stores it ("venue: Teatteri", "coordinator: Oulu (culture)") with the codes in words."""
    match = re.fullmatch(r"([a-z_]+)(: (.*?))?( \((culture|sote|both)\))?", text)
    if match is None:
        return text
    role, _colon, scope, _side, side = match.groups()
    words = str(ROLE.get(role, role)) + (f": {scope}" if scope else "")
    return f"{words}, {SIDE[side]}" if side else words


def as_changes(details: dict | None) -> dict:
    """The national settings log {"old": {...}, "new": {...}}; read as {"changes": {field: {"before", "after"}}}
    for the fields that changed."""
    details = dict(details or {})
    old, new = details.get("old"), details.get("new")
    if isinstance(old, dict) and isinstance(new, dict):
        del details["old"], details["new"]
        details["changes"] = {field: {"before": old.get(field), "after": value}
                              for field, value in new.items() if old.get(field) != value}
    return details


def described(details: dict | None, names: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """An entry's details as labelled parts: {"changes": {field: {"before", "after"}}} gives
    "before → after" per changed field, {"values": {...}} the initial values, other keys as they are;
    empty values are left out."""
    parts = []
    for key, value in as_changes(details).items():
        if key in ("changes", "values") and isinstance(value, dict):
            for field, item in value.items():
                part = {"field": field, "label": str(AUDIT_FIELD.get(field, field))}
                if key == "changes" and isinstance(item, dict) and set(item) == {"before", "after"}:
                    part.update(before=shown(field, item["before"], names), after=shown(field, item["after"], names))
                else:
                    part.update(value=shown(field, item, names))
                parts.append(part)
        elif value not in (None, "", [], {}):
            parts.append({"field": key, "label": str(AUDIT_FIELD.get(key, key)), "value": shown(key, value, names)})
    return parts


def fields_of(details: dict | None) -> set[str]:
    details = details or {}
    nested = [set(details[key]) for key in ("changes", "values") if isinstance(details.get(key), dict)]
    return set(details).union(*nested)


def details_of(entries: list[AuditEntry], names: dict[str, dict[str, str]]) -> dict[int, list[dict[str, str]]]:
    names = dict(names)
    if any(fields_of(entry.details) & set(PLACES) for entry in entries):
        names.update(dict.fromkeys(PLACES, municipality_names(str(get_locale()))))
    return {entry.id: described(entry.details, names) for entry in entries}


def page_arg() -> int:
    """The page asked for: anything but a page number (abc, 0, -1, 20 digits) is the first page."""
    return request.args.get("page", 1, type=as_id) or 1


def day_arg(name: str) -> date | None:
    """A day typed into the filter; years the log cannot hold (0001, 9999) are no filter at all."""
    try:
        day = date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2999 else None


@bp.route("/admin/audit")
@guard("coordinator", "national_admin")
def audit_log():
    """A page of entries and whether another follows (one entry more is read): no count of them all."""
    actions = log.actions(current_user)
    action, start, end = request.args.get("action") or None, day_arg("from"), day_arg("to")
    page = page_arg()
    rows = log.page(current_user, action=action, start=start, end=end, number=page, size=PAGE_SIZE, look_ahead=1)
    if page > 1 and not rows:
        abort(404)  # a page past the last one
    more, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
    filters = {"action": action or "", "from": start.isoformat() if start else "", "to": end.isoformat() if end else ""}
    entries = [entry for entry, _email in rows]
    target_names, names = targets(entries, str(get_locale()))
    return render_template("admin/audit/list.html", rows=rows, actions=actions, page=page, more=more,
                           filters=filters, kept={key: value for key, value in filters.items() if value},
                           to_helsinki=to_helsinki, labels=AUDIT_ACTION, targets=target_names,
                           details=details_of(entries, names))
