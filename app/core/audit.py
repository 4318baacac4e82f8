"""Who acts, and the audit trail every domain writes to."""
from dataclasses import dataclass
from typing import Any

from flask_login import current_user

from app.extensions import db
from app.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """Who does something: a person, or an organisation's API key."""

    user_id: int | None = None
    api_key_id: int | None = None


def actor_of(principal) -> Actor:
    return Actor(user_id=principal.id)


def current_actor() -> Actor:
    return actor_of(current_user)


def audit(actor: Actor, action: str, target_type: str, target_id: Any, area_id: int | None = None,
          **details: Any) -> None:
    db.session.add(AuditEntry(user_id=actor.user_id, api_key_id=actor.api_key_id, action=action,
                              target_type=target_type, target_id=str(target_id), area_id=area_id,
                              details=details))
