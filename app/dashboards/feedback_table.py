"""The feedback meeting's table: an area's year next to its previous year and the whole country."""
from flask_babel import gettext as _

from app.core import labels
from app.dashboards.panels import Panel, breakdown, by_month, decimal, percent
from app.models import Area
from app.stats import breakdowns, events, national
from app.stats.charts import shown
from app.stats.period import Period
from app.stats.scope import Scope


def change(now, before) -> str:
    if not isinstance(now, (int, float)) or not isinstance(before, (int, float)) or not before:
        return "–"
    return percent((now - before) / before, signed=True)


def compare(area: Area, period: Period, lang: str) -> tuple[list[list[str]], list[Panel]]:
    """Rows of [key, figure, the area this year, the area the year before, change, the whole country]."""
    scope, earlier = Scope.area(area.id), period.previous_year()
    columns = [(period, scope), (earlier, scope), (period, Scope.national())]
    tables = [national.national_table(p, s) for p, s in columns]
    rates = [national.rates(p, s, table=t) for (p, s), t in zip(columns, tables)]
    quotas = [events.event_quotas(p, s) for p, s in columns]

    def admitted(table: dict, name: str) -> int:
        return table["uses_by_category"][name]["adults"] + table["uses_by_category"][name]["children"]

    counted = [
        ("cards_registered", _("Cards registered"), [t["cards_registered"] for t in tables]),
        ("cards_taken_into_use", _("Cards taken into use"), [t["cards_taken_into_use"] for t in tables]),
        ("uses", _("Uses"), [r["uses"] for r in rates]),
        ("uses_adults", _("Adults admitted"), [t["uses_adults"] for t in tables]),
        ("uses_children", _("Children admitted"), [t["uses_children"] for t in tables]),
        *((name, str(labels.CATEGORY[name]), [admitted(t, name) for t in tables]) for name in labels.CATEGORY),
        ("reached_quota", _("Events that reached their quota"), [q["reached_quota"] for q in quotas]),
        ("quota_full_refusals", _("Scans refused: quota full"), [q["quota_full_refusals"] for q in quotas]),
        ("municipalities", _("Participating municipalities"), [t["municipalities"] for t in tables]),
    ]
    rows = [[key, label, shown(v[0]), shown(v[1]), change(v[0], v[1]), shown(v[2])] for key, label, v in counted]
    rows.insert(2, ["usage_rate", _("Usage rate"), *(percent(r["usage_rate"]) for r in rates[:2]), "–",
                    percent(rates[2]["usage_rate"])])
    rows.append(["uses_per_card", _("Uses per card used"), *(decimal(r["uses_per_card"]) for r in rates[:2]), "–",
                 decimal(rates[2]["uses_per_card"])])
    panels = [by_month(breakdowns.uses_by_month(period, scope)),
              breakdown("venue_municipality", _("People admitted by the venue's municipality"), _("Municipality"),
                        breakdowns.uses_by_venue_municipality(period, scope, lang))]
    return rows, panels
