"""Import files kept on the server between the preview and the confirmation, and an import's area.

The browser only ever holds the file's random name; the confirmation reads and checks the file
again, so nothing the client sends back is trusted as parsed data.
"""
import re
import secrets
import time
from collections import Counter
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.core.errors import DomainError
from app.cards import import_files
from app.cards.importer import ImportPlan, Problem, plan_import
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
    """Save an uploaded CSV or .xlsx file (at most 5 MB) and return its random name."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError("too_large", _("The file is larger than 5 MB."), status=413, field="file")
    suffix = import_files.suffix(data)
    folder = upload_dir()
    cutoff = time.time() - KEEP_SECONDS
    for old in [*folder.glob("*.csv"), *folder.glob("*.xlsx")]:
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(16)
    (folder / f"{token}{suffix}").write_bytes(data)
    return token


def path_of(token: str) -> Path | None:
    if not TOKEN.fullmatch(token or ""):
        return None
    return next((path for path in (upload_dir() / f"{token}.csv", upload_dir() / f"{token}.xlsx")
                 if path.is_file()), None)


def plan_for_area(path: Path, area_id: int | None, today: date) -> ImportPlan:
    """The importer's plan for one area (or, national admin, for all): registered cards must live in
    the area's municipalities; cards are placed in the area, registered ones also as issued there."""
    plan = plan_import(path.read_bytes(), today)
    codes = {c["municipality_code"] for c in plan.cards if c["municipality_code"]}
    area_of = dict(db.session.execute(
        select(Municipality.code, Municipality.area_id).where(Municipality.code.in_(codes))).all())
    if area_id is not None:
        plan.errors += [Problem(line, "municipality", _("The municipality %(code)s is not in this area.",
                                                        code=card["municipality_code"]))
                        for line, card in zip(plan.lines, plan.cards)
                        if card["municipality_code"] and area_of.get(card["municipality_code"]) != area_id]
        plan.errors.sort(key=lambda problem: problem.line)
    for card in plan.cards:
        card["allocated_area_id"] = area_id
        registered = card["state"] != "stock"
        card["issued_area_id"] = (area_of.get(card["municipality_code"]) or area_id) if registered else None
    return plan


def summary(plan: ImportPlan) -> Counter:
    """Cards by (state, kind)."""
    return Counter((card["state"], card["kind"]) for card in plan.cards)


def municipalities(cards: list[dict]) -> dict[str, Municipality]:
    """The municipalities these cards name, by code, for showing their names."""
    codes = {card["municipality_code"] for card in cards if card["municipality_code"]}
    return {m.code: m for m in db.session.scalars(select(Municipality).where(Municipality.code.in_(codes)))}


def sample_municipality(area_ids: list[int]) -> str:
    """A home municipality that imports cleanly for the person asking: one of their areas' own."""
    query = select(Municipality.code).where(Municipality.area_id.isnot(None)).order_by(Municipality.code).limit(1)
    if area_ids:
        query = query.where(Municipality.area_id.in_(area_ids))
    return db.session.scalar(query) or "091"
