"""The card domain: identifiers, the one validity rule, and the services that change cards.

Belongs here: card ids and scanned text (ids), a card's state and a scan's verdict (rules, the only
place either is decided), registration, renewal and inactivation, desk recording (check, record,
batch, undo), finding a card, stock, series, the import of existing cards, and desk events.
Services flush and never commit: the request (app.web) or the command commits.

May import: app.network (may an organisation operate), app.core, app.models, app.extensions and
app.config. Never a blueprint (admin, auth, issuing, public, scanning, api, cli).
"""
