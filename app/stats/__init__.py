"""Every figure: counts for a site's page today; the national table, dashboards, exports,
reports and the fee split as they come.

Belongs here: read-only queries that turn cards, uses and organisations into numbers. Nothing
here changes a row. Drawing a report as PDF belongs to app.printing, which calls this room.

May import: app.core, app.models, app.extensions, and the other domains' read functions.
Never a blueprint (admin, auth, issuing, public, scanning, api, cli).

The public names (other rooms import these; keep them stable):
- period: Period(start, end), Period.year(y), period_from_args(args, today), parse_year(text, latest=),
  PeriodError, as_period
- scope: Scope(kind, key) with kind national / area / municipality / county / site / venue;
  Scope.national(), .area(id), .municipality(code), .county(code), .site(id), .venue(id), .from_token
- filters: what each scope means for uses and for cards (decided once, documented there)
- totals, summary_sql: the running totals the database keeps with every use (read; triggers)
- national: national_table(period_or_year, scope), national_table_by_year(scope), rates(period, scope,
  table=), cards_registered_and_used(period, scope)
- breakdowns: Row(key, label, count); uses_by_month, uses_by_category, uses_by_venue_municipality,
  uses_by_home_municipality, uses_by_venue, uses_by_site, uses_by_age_group, uses_by_gender,
  uses_by_life_situation (all (period, scope)), cross_area_use(period, area_id)
- events: event_quotas(period, scope), refusals_by_reason(period, scope), refusals_by_venue(period, scope)
- registrations: registrations_by_site(period, scope), renewals_due_count(today, scope), renewals_due_cards
- privacy: suppress(counts), protect_rows(rows, exact=), viewer_sees_small_counts(scope, own_site_ids),
  holder_breakdown(name, period, scope, own_site_ids=), SMALL
- exports: to_csv(headers, rows, plain=False), to_xlsx(headers, rows, title=), filename(stem, ext)
- public: public_table(year), county_tables(year, lang) — the open national statistics
- site_figures: a distributor site's own page (built on the functions above)
"""
from app.stats import summary_sql  # noqa: E402,F401  (its triggers come with every create_all)
