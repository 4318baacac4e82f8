"""What a dashboard shows for a chosen scope and period: its key figures and panels. One place for
the page (/stats), its exports and the background job that writes every table into one workbook."""
from datetime import date

from app.dashboards import sections
from app.dashboards.choices import Choice
from app.dashboards.panels import KeyFigure, Panel
from app.network.scope import own_sites
from app.stats.period import Period


def dashboard(choice: Choice, period: Period, lang: str, today: date, principal) -> tuple[list[KeyFigure], list[Panel]]:
    kind = choice.scope.kind
    if kind == "venue":
        return sections.venue(period, choice.scope)
    if kind == "site":
        own = [site.id for site in own_sites("distributor", principal)]
        return sections.site(period, choice.scope, lang, today, own)
    return sections.region(period, choice.scope, lang, today)
