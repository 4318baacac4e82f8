"""The dashboard of each kind of scope: a region (the country, an area, a municipality, a wellbeing
county), a distributor site, a venue. Each returns (key figures, panels)."""
from datetime import date

from flask_babel import gettext as _

from app.dashboards.panels import (LONG_LIST, KeyFigure, Panel, breakdown, by_category, by_month, decimal,
                                   figure, percent, table_only)
from app.stats import breakdowns, events, national, privacy, registrations
from app.stats.charts import shown
from app.stats.period import Period
from app.stats.scope import Scope


MAX_MONTHS = 36  # a longer period is not drawn by month (the grouping grows with every month)


def monthly(period: Period, scope: Scope) -> Panel:
    if len(period.months()) > MAX_MONTHS:
        return Panel("months", _("People admitted by month"), [], [],
                     note=_("Choose a period of at most three years to see it month by month."))
    return by_month(breakdowns.uses_by_month(period, scope))


def card_figures(table: dict, rates: dict) -> list[KeyFigure]:
    return [figure("cards_registered", _("Cards registered"), table["cards_registered"]),
            figure("cards_taken_into_use", _("Cards taken into use"), table["cards_taken_into_use"]),
            figure("usage_rate", _("Usage rate"), percent(rates["usage_rate"]))]


def use_figures(table: dict, rates: dict) -> list[KeyFigure]:
    return [figure("uses", _("Uses"), rates["uses"]),
            figure("uses_adults", _("Adults admitted"), table["uses_adults"]),
            figure("uses_children", _("Children admitted"), table["uses_children"]),
            figure("children_share", _("Children's share"), percent(rates["children_share"])),
            figure("assistants", _("Assistants"), rates["assistants"])]


def holder_panels(period: Period, scope: Scope, lang: str, exact: bool) -> list[Panel]:
    """Breakdowns by who holds the cards; small counts hidden unless `exact` (the small-count rule)."""
    found = []
    for key, title, header, rows, ordered in (
            ("age", _("People admitted by the holder's age group"), _("Age group"),
             breakdowns.uses_by_age_group(period, scope), True),
            ("gender", _("People admitted by the holder's gender"), _("Gender"),
             breakdowns.uses_by_gender(period, scope), True),
            ("life_situation", _("People admitted by the holder's life situation"), _("Life situation"),
             breakdowns.uses_by_life_situation(period, scope), True),
            ("home", _("People admitted by the holder's home municipality"), _("Home municipality"),
             breakdowns.uses_by_home_municipality(period, scope, lang), False)):
        found.append(breakdown(key, title, header, privacy.protect_rows(rows, exact=exact), limit=LONG_LIST,
                               ordered=ordered))
    return found


def event_panel(period: Period, scope: Scope) -> Panel:
    """Did the quotas fill? Different kinds of figure side by side: a table, not a chart."""
    quotas = events.event_quotas(period, scope)
    rows = [(_("Events"), quotas["events"]), (_("Events with a Kaikukortti quota"), quotas["with_quota"]),
            (_("Events that reached their quota"), quotas["reached_quota"]),
            (_("Scans refused: quota full"), quotas["quota_full_refusals"]),
            (_("Scans refused: sold out"), quotas["sold_out_refusals"])]
    summary = _("%(reached)s of %(events)s events with a Kaikukortti quota reached it.",
                reached=shown(quotas["reached_quota"]), events=shown(quotas["with_quota"]))
    return table_only("events", _("Events and quotas"), [_("Figure"), _("Number")], rows, summary)


def refusal_panel(period: Period, scope: Scope) -> Panel:
    return breakdown("refusals", _("Refused scans by reason"), _("Reason"),
                     [(row.key, row.label, row.count) for row in events.refusals_by_reason(period, scope)])


def region(period: Period, scope: Scope, lang: str, today: date) -> tuple[list[KeyFigure], list[Panel]]:
    table = national.national_table(period, scope)
    rates = national.rates(period, scope, table=table)
    figures = card_figures(table, rates) + use_figures(table, rates) + [
        figure("uses_per_card", _("Uses per card used"), decimal(rates["uses_per_card"])),
        figure("municipalities", _("Participating municipalities"), table["municipalities"]),
        figure("renewals_due", _("Renewals due within 30 days"), registrations.renewals_due_count(today, scope))]
    panels = [monthly(period, scope), by_category(table),
              breakdown("venue_municipality", _("People admitted by the venue's municipality"), _("Municipality"),
                        breakdowns.uses_by_venue_municipality(period, scope, lang)),
              breakdown("venues", _("People admitted by venue"), _("Venue"),
                        breakdowns.uses_by_venue(period, scope), limit=LONG_LIST),
              breakdown("registrations", _("Cards registered by distributor site"), _("Distributor site"),
                        registrations.registrations_by_site(period, scope), limit=LONG_LIST),
              breakdown("sites", _("People admitted by the distributor site that issued the card"),
                        _("Distributor site"), breakdowns.uses_by_site(period, scope), limit=LONG_LIST)]
    if scope.kind == "area":
        panels += cross_area_panels(period, scope.key)
    panels += holder_panels(period, scope, lang, exact=False)
    panels += [event_panel(period, scope), refusal_panel(period, scope)]
    return figures, panels


def cross_area_panels(period: Period, area_id: int) -> list[Panel]:
    crossing = breakdowns.cross_area_use(period, area_id)
    return [breakdown("outgoing", _("Our cards used in other areas"), _("Area"), crossing["outgoing"]),
            breakdown("incoming", _("Other areas' cards used at our venues"), _("Area"), crossing["incoming"])]


def site(period: Period, scope: Scope, lang: str, today: date,
         own_site_ids: list[int]) -> tuple[list[KeyFigure], list[Panel]]:
    """A distributor site: its registrations, renewals due and where its cards were used."""
    table = national.national_table(period, scope)
    rates = national.rates(period, scope, table=table)
    figures = card_figures(table, rates) + [
        figure("renewals_due", _("Renewals due within 30 days"), registrations.renewals_due_count(today, scope))
    ] + use_figures(table, rates)
    panels = [monthly(period, scope), by_category(table),
              breakdown("venue_municipality", _("People admitted by the venue's municipality"), _("Municipality"),
                        breakdowns.uses_by_venue_municipality(period, scope, lang)),
              breakdown("venues", _("People admitted by venue"), _("Venue"),
                        breakdowns.uses_by_venue(period, scope), limit=LONG_LIST)]
    exact = privacy.viewer_sees_small_counts(scope, own_site_ids)
    return figures, panels + holder_panels(period, scope, lang, exact=exact)


def venue(period: Period, scope: Scope) -> tuple[list[KeyFigure], list[Panel]]:
    """A venue: its own uses and the adults and children admitted; nothing about holders."""
    table = national.national_table(period, scope)
    rates = national.rates(period, scope, table=table)
    panels = [monthly(period, scope), by_category(table),
              event_panel(period, scope), refusal_panel(period, scope)]
    return use_figures(table, rates), panels
