"""Import files kept on the server between the preview and the confirmation, and an import's area.

The browser only ever holds the file's random name; the confirmation reads and checks the file
again, so nothing the client sends back is trusted as parsed data.
"""
import io
import re
import secrets
import time
from collections import Counter
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.cards.errors import DomainError
from app.cards.importer import ImportPlan, plan_import
from app.extensions import db
from app.models import Municipality

MAX_BYTES = 5 * 1024 * 1024
KEEP_SECONDS = 24 * 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")


def upload_dir() -> Path:
    folder = Path(current_app.config.get("IMPORT_UPLOAD_DIR") or Path(current_app.instance_path) / "imports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store(stream) -> str:
    """Save an uploaded CSV (UTF-8, at most 5 MB) and return its random name."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError("too_large", _("The file is larger than 5 MB."), status=413, field="file")
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("not_utf8", _("Save the file as CSV in UTF-8 and try again."), field="file") from None
    folder = upload_dir()
    cutoff = time.time() - KEEP_SECONDS
    for old in folder.glob("*.csv"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(16)
    (folder / f"{token}.csv").write_bytes(data)
    return token


def path_of(token: str) -> Path | None:
    path = upload_dir() / f"{token}.csv" if TOKEN.fullmatch(token or "") else None
    return path if path is not None and path.is_file() else None


def plan_for_area(path: Path, area_id: int | None, today: date) -> ImportPlan:
    """The importer's plan for one area (or, national admin, for all): registered cards must live in
    the area's municipalities; cards are placed in the area, registered ones also as issued there."""
    with io.open(path, encoding="utf-8-sig", newline="") as f:
        plan = plan_import(f, today)
    codes = {c["municipality_code"] for c in plan.cards if c["municipality_code"]}
    area_of = dict(db.session.execute(
        select(Municipality.code, Municipality.area_id).where(Municipality.code.in_(codes))).all())
    if area_id is not None:
        plan.errors += [(line, _("The municipality %(code)s is not in this area.", code=card["municipality_code"]))
                        for line, card in zip(plan.lines, plan.cards)
                        if card["municipality_code"] and area_of.get(card["municipality_code"]) != area_id]
        plan.errors.sort()
    for card in plan.cards:
        card["allocated_area_id"] = area_id
        registered = card["state"] != "stock"
        card["issued_area_id"] = (area_of.get(card["municipality_code"]) or area_id) if registered else None
    return plan


def summary(plan: ImportPlan) -> Counter:
    """Cards by (state, kind)."""
    return Counter((card["state"], card["kind"]) for card in plan.cards)
