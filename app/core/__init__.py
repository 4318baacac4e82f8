"""What every room shares, and nothing domain-specific.

Belongs here: DomainError and refuse (errors), who acts and the audit trail (audit: Actor,
actor_of, current_actor, audit), Finnish dates (dates), the translated labels for stored codes,
one dict per code family (labels), what every blueprint's forms share (forms: the e-mail
pattern, submit and show_error), rate-limit budgets more than one blueprint draws on (limits),
e-mailing one-time links after the request commits (mail), facts the hot path keeps per worker
for a few seconds (short_cache) and requests without a transaction around them (reads); background
jobs and their one dispatch (jobs: RQ with REDIS_URL, else in-process), scheduled jobs once per
period (schedule), and what operations read (metrics, logs with request ids, database: readiness,
SQLite's write-ahead log, backup and restore).

May import: app.models, app.extensions and app.config only; never a domain or a blueprint.
"""
