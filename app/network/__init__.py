"""The network: who takes part in Kaikukortti, where, and in what role.

Belongs here: roles and scopes read from memberships (scope: who sees and manages what), areas and
their municipalities (areas; refdata loads the counties and municipalities shipped in app/data),
organisations and who may create, change, approve and deactivate them (organisations), people,
their sessions and role memberships (people, memberships), one-time invitation and password-reset
links (invitations), the operating-model commitment (commitments), venues' offers (offers), the
coordinators' annual cycle with its template in app/data (annual), national settings (settings),
the yearly database fee and the areas' agreed shares of it as the national admin enters them (fees),
whether an organisation may issue or record on a day (operating), and reading the audit log
(audit_log). Services flush and never commit: the request (app.web) or the command does.

May import: app.core, app.models, app.extensions and app.config; from app.cards only rules
(SiteProblem) and validation (reading numbers). Never a blueprint (admin, auth, issuing, public,
scanning, api, cli): app.auth's guard and sessions build on this room, not the other way round.
"""
