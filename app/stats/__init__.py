"""Every figure: counts for a site's page today; the national table, dashboards, exports,
reports and the fee split as they come.

Belongs here: read-only queries that turn cards, uses and organisations into numbers. Nothing
here changes a row. Drawing a report as PDF belongs to app.printing, which calls this room.

May import: app.core, app.models, app.extensions, and the other domains' read functions.
Never a blueprint (admin, auth, issuing, public, scanning, api, cli).
"""
