"""National settings: changed by the national admin only, with a note, stored on row 1 and audited.
`current()` is what the hot path reads: a snapshot kept per worker for a few seconds (app.core.short_cache)."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.audit import actor_of, audit
from app.core.short_cache import cached
from app.core.errors import DomainError, refuse
from app.extensions import db
from app.models import NationalSettings
from app.models.settings import DEFAULTS
from app.models.base import utcnow
from app.network.scope import is_national

LIMITS = {
    "validity_months": (1, 36),
    "child_age_limit": (1, 25),
    "quota_percent": (0, 100),
    "group_limit": (1, 50),
    "undo_hours": (1, 168),
}


@dataclass(frozen=True)
class Settings:
    """The settings in force, as plain values (safe to share between requests)."""

    validity_months: int
    child_age_limit: int
    quota_percent: int
    group_limit: int
    undo_hours: int


def current() -> Settings:
    """The settings in force: the stored row, or the defaults until someone saves a change."""
    return cached("national_settings", _load)


def _load() -> Settings:
    row = db.session.execute(select(*(getattr(NationalSettings, name) for name in DEFAULTS))
                             .where(NationalSettings.id == 1)).first()
    return Settings(**(row._asdict() if row is not None else DEFAULTS))


def change(principal, values: dict[str, int], note: str) -> NationalSettings:
    if not is_national(principal):
        refuse()
    if not note.strip():
        raise DomainError("note_required", _("Write a note on why the settings change."), field="note")
    for name, (low, high) in LIMITS.items():
        if not low <= values[name] <= high:
            raise DomainError("out_of_range", _("Give a number from %(low)d to %(high)d.", low=low, high=high),
                              field=name)
    settings = db.session.get(NationalSettings, 1)
    if settings is None:
        settings = NationalSettings.current()
        db.session.add(settings)
    old = {name: getattr(settings, name) for name in LIMITS}
    new = {name: values[name] for name in LIMITS}
    for name, value in new.items():
        setattr(settings, name, value)
    settings.note, settings.changed_at, settings.changed_by_id = note.strip(), utcnow(), principal.id
    audit(actor_of(principal), "settings_changed", "national_settings", 1, old=old, new=new, note=note.strip())
    db.session.flush()
    return settings
