"""Which scopes a person may pick on the dashboards, and the one a request asks for.

The national admin: the whole country, every area, every participating municipality and every
wellbeing county. A coordinator: each of their areas and each municipality in them. Distributor
and venue staff: their own sites. A person with several roles gets all of these. Anything else
asked for is refused (404 when it is not a scope at all, 403 when it is someone else's).
"""
from dataclasses import dataclass

from flask import abort
from flask_babel import lazy_gettext as _l

from app.models import Area
from app.network import areas, offers
from app.network.scope import coordinator_areas, is_national, own_sites
from app.stats.scope import Scope


@dataclass(frozen=True)
class Choice:
    scope: Scope
    label: str
    group: str


GROUPS = {"national": _l("The whole country"), "area": _l("Areas"), "municipality": _l("Municipalities"),
          "county": _l("Wellbeing services counties"), "site": _l("Our distributor sites"),
          "venue": _l("Our venues")}


def area_choices(found: list[Area], lang: str) -> list[Choice]:
    picked = [Choice(Scope.area(area.id), area.name, "area") for area in found]
    municipalities = sorted((m for area in found for m in area.municipalities), key=lambda m: m.name(lang))
    return picked + [Choice(Scope.municipality(m.code), m.name(lang), "municipality") for m in municipalities]


def scope_choices(principal, lang: str) -> list[Choice]:
    found: list[Choice] = []
    if is_national(principal):
        found.append(Choice(Scope.national(), str(GROUPS["national"]), "national"))
        found += [Choice(Scope.area(area.id), area.name, "area") for area in areas.visible_areas(principal)]
        found += [Choice(Scope.municipality(m.code), m.name(lang), "municipality")
                  for m in sorted(offers.participating_municipalities(), key=lambda m: m.name(lang))]
        found += [Choice(Scope.county(county.code), county.name_sv if lang == "sv" else county.name_fi, "county")
                  for county in areas.counties()]
    elif coordinator_areas(principal):
        found += area_choices(areas.visible_areas(principal), lang)
    found += [Choice(Scope.site(site.id), site.name, "site") for site in own_sites("distributor", principal)]
    found += [Choice(Scope.venue(venue.id), venue.name, "venue") for venue in own_sites("venue", principal)]
    return found


REGION_KINDS = ("national", "area", "municipality", "county")
LARGEST_ID = 2**31 - 1  # what an id column holds; a larger one is simply not found


def chosen(choices: list[Choice], token: str | None, sees_all_regions: bool = False) -> Choice:
    """The choice a request's `scope` parameter names, or the first one. A region missing from the
    national admin's choices does not exist (404); anyone else's miss is someone else's (403)."""
    if not choices:
        abort(403)
    if not token:
        return choices[0]
    try:
        wanted = Scope.from_token(token)
    except ValueError:
        abort(404)
    for choice in choices:
        if choice.scope == wanted:
            return choice
    abort(404 if sees_all_regions and wanted.kind in REGION_KINDS else 403)


def coordinated_area(principal, area_id: int) -> Area:
    """An area whose feedback meeting this person may open: 404 if there is none, 403 if not theirs."""
    area = areas.find_area(area_id) if area_id <= LARGEST_ID else None
    if area is None:
        abort(404)
    if not (is_national(principal) or area.id in coordinator_areas(principal)):
        abort(403)
    return area
