"""Whose figures: the whole country, an area, a municipality, a wellbeing county, a distributor site
or a venue. What each scope filters is decided once, in app.stats.filters."""
from dataclasses import dataclass

SCOPE_KINDS = ("national", "area", "municipality", "county", "site", "venue")
# Scopes whose viewers may see small counts about holders: a distributor's own cards.
HOLDER_OWNER_KINDS = ("site",)


@dataclass(frozen=True)
class Scope:
    """`kind` is one of SCOPE_KINDS; `key` the area or organisation id (int), the municipality
    code ("858") or the wellbeing county code ("02"); None for national."""

    kind: str = "national"
    key: int | str | None = None

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise ValueError(f"unknown scope kind {self.kind!r}")
        if (self.kind == "national") != (self.key is None):
            raise ValueError("a national scope has no key, every other scope has one")

    @classmethod
    def national(cls) -> "Scope":
        return cls()

    @classmethod
    def area(cls, area_id: int) -> "Scope":
        return cls("area", int(area_id))

    @classmethod
    def municipality(cls, code: str) -> "Scope":
        return cls("municipality", str(code))

    @classmethod
    def county(cls, code: str) -> "Scope":
        return cls("county", str(code))

    @classmethod
    def site(cls, site_id: int) -> "Scope":
        return cls("site", int(site_id))

    @classmethod
    def venue(cls, venue_id: int) -> "Scope":
        return cls("venue", int(venue_id))

    @property
    def token(self) -> str:
        """A form value for a scope picker: "national", "area:3", "municipality:858"..."""
        return self.kind if self.key is None else f"{self.kind}:{self.key}"

    @classmethod
    def from_token(cls, token: str) -> "Scope":
        kind, _, key = token.partition(":")
        if kind == "national" and not key:
            return cls()
        if kind in ("area", "site", "venue"):
            if not (key.isascii() and key.isdigit()):
                raise ValueError("bad scope id")
            return cls(kind, int(key))
        if kind in ("municipality", "county") and key.isascii() and key.isalnum() and len(key) <= 4:
            return cls(kind, key)
        raise ValueError("bad scope")
