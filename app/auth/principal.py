"""Who is asking: a signed-in person, or a machine client holding an organisation's API key."""
import secrets
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from flask import request, url_for
from sqlalchemy import select

from app.auth.sessions import live_user
from app.core.short_cache import cached
from app.extensions import db, login_manager
from app.models import ApiKey, Organisation, User
from app.models.apikey import hash_key


@dataclass(frozen=True)
class Site:
    """What the hot path needs of an organisation, as plain values that may be kept between requests
    (app.cards.desk reads these attributes of an Organisation or of a Site alike)."""

    id: int
    kind: str
    area_id: int
    approval_state: str
    approved_from: date | None
    default_category: str
    approved_until: date | None = None


@dataclass(frozen=True)
class KeyFacts:
    id: int
    site: Site


SITE_COLUMNS = (Organisation.id, Organisation.kind, Organisation.area_id, Organisation.approval_state,
                Organisation.approved_from, Organisation.default_category, Organisation.approved_until)


class ApiPrincipal:
    """Acts exactly like that organisation's staff, through `/api/v1` only."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    language = None

    def __init__(self, key: KeyFacts):
        self.api_key = key
        self.id = None
        self.site = key.site

    @cached_property
    def organisation(self) -> Organisation:
        """The organisation itself, loaded when a request needs more than `site` has."""
        return db.session.get(Organisation, self.site.id)

    def get_id(self) -> str:
        return f"apikey:{self.api_key.id}"

    @property
    def roles(self) -> set[str]:
        return {self.site.kind}

    @property
    def memberships(self) -> list:
        return []


def create_api_key(org: Organisation) -> str:
    """Make a key; only its hash is kept, so the caller must show it now."""
    key = "kk_" + secrets.token_urlsafe(32)
    db.session.add(ApiKey(organisation_id=org.id, key_hash=hash_key(key), prefix=key[:10]))
    db.session.flush()
    return key


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    if not (user_id.isascii() and user_id.isdigit()) or len(user_id) > 10:
        return None
    return live_user(int(user_id))  # an ended session or a revoked person signs no one in


@login_manager.request_loader
def load_api_client(req) -> ApiPrincipal | None:
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not req.path.startswith("/api/"):
        return None
    digest = hash_key(header[7:].strip())
    # A known key is kept per worker for a few seconds (app.core.short_cache); an unknown one is never kept.
    key = cached(("api_key", digest), lambda: _key_facts(digest), keep=lambda facts: facts is not None)
    return ApiPrincipal(key) if key is not None else None


def _key_facts(digest: str) -> KeyFacts | None:
    row = db.session.execute(
        select(ApiKey.id.label("key_id"), *SITE_COLUMNS).join(Organisation, Organisation.id == ApiKey.organisation_id)
        .where(ApiKey.key_hash == digest, ApiKey.revoked_at.is_(None))).first()
    if row is None:
        return None
    key_id, *site = row
    return KeyFacts(key_id, Site(*site))


def bearer_attempted() -> bool:
    return request.headers.get("Authorization", "").startswith("Bearer ")


def start_page_for(user) -> str:
    roles = user.roles
    if roles & {"national_admin", "coordinator"}:
        return url_for("admin.start")
    if "distributor" in roles:
        return url_for("issuing.start")
    if "venue" in roles:
        return url_for("scanning.start")
    return url_for("public.front")
