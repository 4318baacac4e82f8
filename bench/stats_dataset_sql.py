"""The SQL behind bench/stats_dataset.py, step by step. Parameters: %(cards)s, %(uses)s,
%(organisations)s, %(start)s and %(until)s (the ten years). Randomness is the session's random()
after setseed; every INSERT that takes ids from a sequence orders its rows, so ids repeat too.

The helper tables are temporary: weighted "slot" tables turn a uniform random number into a
weighted choice with one hash join (a municipality, distributor site, venue or card owns as many
consecutive slots as its weight).
"""
from collections.abc import Iterator

CATEGORY = """CASE WHEN {r} < 0.5 THEN 'culture' WHEN {r} < 0.78 THEN 'sports'
                   WHEN {r} < 0.92 THEN 'education' ELSE 'science' END"""
# 1.0 in mid-July, 0.2 in mid-January.
SEASON = "(0.6 + 0.4 * cos(2 * pi() * (extract(doy FROM {day}) - 196) / 365.25))"
LOCAL_TO_UTC = "(({local}) AT TIME ZONE 'Europe/Helsinki') AT TIME ZONE 'UTC'"
UTC_TO_LOCAL_DATE = "(({utc}) AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Helsinki')::date"
SPAN_DAYS = "(%(until)s::date - %(start)s::date + 1)"
GROWING_DAY = f"%(start)s::date + floor(sqrt({{r}}) * {SPAN_DAYS})::int"  # more each year

AREAS = [
    """INSERT INTO area (name, county_code, active)
       SELECT name_fi, code, true FROM wellbeing_county WHERE code <> '91' ORDER BY code""",
    # Towns of 20,000 or more always take part; about one smaller municipality in seven does not.
    """UPDATE municipality m SET area_id = a.id
       FROM (SELECT code, random() AS r FROM municipality ORDER BY code) p, area a
       WHERE p.code = m.code AND a.county_code = m.county_code AND (m.population >= 20000 OR p.r < 0.86)""",
    """CREATE TEMP TABLE muni_slot AS
       SELECT (row_number() OVER (ORDER BY m.code, g) - 1)::int AS slot, m.code, m.area_id
       FROM municipality m CROSS JOIN LATERAL generate_series(1, greatest(1, round(m.population * 20000.0
            / (SELECT sum(population) FROM municipality WHERE area_id IS NOT NULL)))::int) g
       WHERE m.area_id IS NOT NULL""",
]

ORGANISATIONS = [
    # One distributor and one venue in every participating municipality ...
    """INSERT INTO organisation (kind, name, municipality_code, area_id, approval_state, approved_from,
                                default_category, contact_name, contact_email, contact_phone, created_at)
       SELECT kind, 'Bench ' || kind || ' ' || code, code, area_id, 'approved', %(start)s, 'culture', '', '', '',
              %(start)s
       FROM municipality CROSS JOIN (VALUES ('distributor'), ('venue')) k(kind)
       WHERE area_id IS NOT NULL ORDER BY code, kind""",
    # ... and the rest where the people are.
    f"""INSERT INTO organisation (kind, name, municipality_code, area_id, approval_state, approved_from,
                                 default_category, contact_name, contact_email, contact_phone, created_at)
       SELECT kind, 'Bench ' || kind || ' ' || code || '-' || g, code, area_id, 'approved', %(start)s,
              CASE WHEN kind = 'venue' THEN {CATEGORY.format(r='r_cat')} ELSE 'culture' END, '', '', '',
              %(start)s
       FROM (SELECT g, floor(random() * (SELECT count(*) FROM muni_slot))::int AS slot,
                    CASE WHEN random() < 0.4 THEN 'distributor' ELSE 'venue' END AS kind, random() AS r_cat
             FROM generate_series(1, greatest(0, %(organisations)s
                  - 2 * (SELECT count(*) FROM municipality WHERE area_id IS NOT NULL))) g) r
       JOIN muni_slot s USING (slot) ORDER BY g""",
    # A site's pull: its town's population shared among the town's sites, times a popularity.
    """CREATE TEMP TABLE org_weight AS
       SELECT o.id, o.kind, o.area_id, o.default_category, m.population::float
              / count(*) OVER (PARTITION BY o.municipality_code, o.kind) * (0.1 - ln(1 - r)) AS w
       FROM (SELECT *, random() AS r FROM organisation ORDER BY id) o
       JOIN municipality m ON m.code = o.municipality_code""",
    """CREATE TEMP TABLE site_slot AS
       SELECT (row_number() OVER (ORDER BY id, g) - 1)::int AS slot, id AS site_id
       FROM (SELECT id, w / sum(w) OVER () AS share FROM org_weight WHERE kind = 'distributor') s
       CROSS JOIN LATERAL generate_series(1, greatest(1, round(share * 50000))::int) g""",
    # Pool 0 is the whole country (uses away from home); the others one area each.
    """CREATE TEMP TABLE venue_slot AS
       SELECT pool, (row_number() OVER (PARTITION BY pool ORDER BY id, g) - 1)::int AS slot, id AS venue_id,
              default_category
       FROM (SELECT area_id AS pool, id, default_category, w / sum(w) OVER (PARTITION BY area_id) AS share
             FROM org_weight WHERE kind = 'venue'
             UNION ALL
             SELECT 0, id, default_category, w / sum(w) OVER () FROM org_weight WHERE kind = 'venue') v
       CROSS JOIN LATERAL generate_series(1, greatest(1, round(share * 5000))::int) g""",
    "CREATE TEMP TABLE pool_size AS SELECT pool, count(*)::int AS n FROM venue_slot GROUP BY pool",
]


def cards(printed: str, key: str, constants: str) -> list[str]:
    return [
        f"""CREATE TEMP TABLE card_draw AS
           SELECT n, floor(random() * (SELECT count(*) FROM site_slot))::int AS slot,
                  {GROWING_DAY.format(r='random()')} AS issued_on, random() AS r_renew, random() AS r_inact,
                  random() AS r_kids, random() AS r_home, random() AS r_home_slot, random() AS r_birth,
                  random() AS r_gender, random() AS r_life, random() AS r_post, random() AS r_kind,
                  random() AS r_user, random() AS r_weight
           FROM generate_series(1, %(cards)s) n""",
        f"""CREATE TEMP TABLE bench_card AS
           SELECT c.*, {printed} AS id, {key} AS key,
                  CASE WHEN c.r_kids < 0.3 THEN 1 + floor(c.r_kids / 0.3 * 4)::int ELSE 0 END AS children,
                  greatest(c.issued_on, least(c.valid_until, %(until)s::date, c.inactivated_on - 1)) AS last_day
           FROM (SELECT d.*, s.site_id, o.area_id, o.municipality_code AS site_muni,
                        (d.issued_on + make_interval(months => 12 * (1 + d.renewals)))::date AS valid_until,
                        CASE WHEN d.r_inact < 0.03 THEN d.issued_on + floor(d.r_inact / 0.03
                             * (least(d.issued_on + 365, %(until)s::date) - d.issued_on))::int END AS inactivated_on
                 FROM (SELECT *, least(floor(r_renew * r_renew * 3.3),
                                       greatest(0, floor((%(until)s::date - issued_on + 30) / 365.25)))::int AS renewals
                       FROM card_draw) d
                 JOIN site_slot s USING (slot) JOIN organisation o ON o.id = s.site_id) c, {constants}
           ORDER BY c.n""",
        """INSERT INTO card (id, lookup_key, legacy, kind, state, allocated_area_id, allocated_site_id,
                            issuing_site_id, issued_area_id, issued_on, valid_until, birth_year, postcode,
                            municipality_code, children, gender, life_situation, inactivated_reason,
                            inactivated_at, created_at)
           SELECT c.id, c.key, false, CASE WHEN r_kind < 0.02 THEN 'community' ELSE 'client' END,
                  CASE WHEN inactivated_on IS NULL THEN 'active' ELSE 'inactivated' END,
                  area_id, site_id, site_id, area_id, issued_on, valid_until,
                  CASE WHEN r_birth < 0.75 THEN 1935 + floor(r_birth / 0.75 * 70)::int END,
                  CASE WHEN r_post < 0.85 THEN lpad(floor(r_post / 0.85 * 99999)::int::text, 5, '0') END,
                  CASE WHEN r_home < 0.95 THEN site_muni ELSE h.home_code END,
                  children,
                  CASE WHEN r_gender < 0.38 THEN 'woman' WHEN r_gender < 0.66 THEN 'man'
                       WHEN r_gender < 0.68 THEN 'other' WHEN r_gender < 0.72 THEN 'not_told' END,
                  CASE WHEN r_life < 0.6 THEN (ARRAY['unemployed', 'student', 'retired', 'disability',
                       'family_leave', 'low_income_work', 'other'])[1 + floor(r_life / 0.6 * 7)::int] END,
                  CASE WHEN inactivated_on IS NOT NULL THEN 'lost' END,
                  inactivated_on + time '10:00', issued_on + time '09:00'
           FROM bench_card c
           JOIN (SELECT slot AS home_slot, code AS home_code FROM muni_slot) h
             ON h.home_slot = floor(c.r_home_slot * (SELECT count(*) FROM muni_slot))::int""",
    ]


CARD_EVENTS = [
    """INSERT INTO card_event (card_id, action, at, on_date, site_id)
       SELECT id, action, day + time '09:00', day, site_id FROM (
           SELECT n, 0 AS k, id, 'registered' AS action, issued_on AS day, site_id FROM bench_card
           UNION ALL
           SELECT n, k, id, 'renewed', least(%(until)s::date, (issued_on + make_interval(months => 12 * k))::date
                  - mod(n * 7 + k, 28)), site_id
           FROM bench_card CROSS JOIN LATERAL generate_series(1, renewals) k
           UNION ALL
           SELECT n, 9, id, 'inactivated', inactivated_on, site_id FROM bench_card
           WHERE inactivated_on IS NOT NULL) e
       ORDER BY day, n, k""",
]

USES = [
    # Cards used at least once (55 %) get slots in proportion to how long they were valid and
    # how keen their holder is; a use picks a slot.
    """CREATE TEMP TABLE card_slot AS
       SELECT (row_number() OVER (ORDER BY n, g) - 1)::int AS slot, n
       FROM (SELECT n, w, sum(w) OVER () AS total FROM (
                 SELECT n, -ln(1 - r_weight) * (last_day - issued_on + 30) AS w FROM bench_card
                 WHERE r_user < 0.55) keen) c
       CROSS JOIN LATERAL generate_series(1, ceil(w / total * %(cards)s)::int) g""",
    # The day: of two random days in the card's validity, the first is kept with the season's
    # weight, otherwise the second (summer about twice as busy as winter).
    f"""INSERT INTO card_use (id, client_scan_id, card_id, venue_id, scanned_at, scanned_on, received_at, category,
                             adults, children, assistants, source, verdict, undone_at)
       SELECT g, 'bench-' || g, card_id, v.venue_id, at, {UTC_TO_LOCAL_DATE.format(utc='at')}, at,
              CASE WHEN r_cat < 0.9 THEN v.default_category
                   ELSE (ARRAY['culture', 'education', 'science', 'sports'])[1 + floor((r_cat - 0.9) * 40)::int] END,
              1, CASE WHEN children > 0 AND r_kids < 0.45 THEN 1 + floor(r_kids / 0.45 * children)::int ELSE 0 END,
              CASE WHEN r_assist < 0.03 THEN 1 ELSE 0 END,
              CASE WHEN r_source < 0.7 THEN 'camera_qr' WHEN r_source < 0.8 THEN 'camera_code39'
                   WHEN r_source < 0.9 THEN 'manual' WHEN r_source < 0.97 THEN 'keyboard_scanner'
                   ELSE 'offline_sync' END,
              '{{"status": "ok", "reason": "valid"}}',
              CASE WHEN r_undo < 0.01 THEN at + interval '3 minutes' END
       FROM (SELECT d.*, date_trunc('second', {LOCAL_TO_UTC.format(
                 local="(CASE WHEN keep < " + SEASON.format(day="day1") + " THEN day1 ELSE day2 END)"
                       " + time '09:00' + r_hour * interval '12 hours'")}) AS at,
                    CASE WHEN r_pool < 0.85 THEN area_id ELSE 0 END AS pool
             FROM (SELECT p.*, c.id AS card_id, c.children, c.area_id,
                          c.issued_on + floor(p.d1 * (c.last_day - c.issued_on + 1))::int AS day1,
                          c.issued_on + floor(p.d2 * (c.last_day - c.issued_on + 1))::int AS day2
                   FROM (SELECT g, floor(random() * (SELECT count(*) FROM card_slot))::int AS slot,
                                random() AS d1, random() AS d2, random() AS keep, random() AS r_hour,
                                random() AS r_pool, random() AS r_venue, random() AS r_cat, random() AS r_kids,
                                random() AS r_assist, random() AS r_undo, random() AS r_source
                         FROM generate_series(1, %(uses)s) g) p
                   JOIN card_slot s USING (slot) JOIN bench_card c USING (n)) d) u
       JOIN pool_size ps USING (pool)
       JOIN venue_slot v ON v.pool = u.pool AND v.slot = floor(u.r_venue * ps.n)::int""",
]

EVENTS = [
    # About one in eight venue-days with three uses or more was an event; a third sold their
    # whole Kaikukortti quota.
    f"""CREATE TEMP TABLE bench_event AS
       SELECT row_number() OVER (ORDER BY venue_id, day)::int AS id, venue_id, day, tickets,
              CASE WHEN r_full < 0.35 THEN greatest(tickets, 1) ELSE tickets + 1 + floor(r_quota * 10)::int END
                  AS quota, r_full < 0.35 AS is_full, r_sold < 0.05 AS sold_out, r_refused
       FROM (SELECT *, random() AS r_full, random() AS r_quota, random() AS r_sold, random() AS r_refused
             FROM (SELECT venue_id, {UTC_TO_LOCAL_DATE.format(utc='scanned_at')} AS day,
                          (sum(adults + children) FILTER (WHERE undone_at IS NULL))::int AS tickets
                   FROM card_use GROUP BY 1, 2 HAVING count(*) >= 3 ORDER BY 1, 2) d
             WHERE random() < 0.12) e""",
    f"""INSERT INTO event (id, venue_id, name, starts_at, capacity, quota, sold_out, created_at)
       SELECT id, venue_id, 'Bench event ' || id, {LOCAL_TO_UTC.format(local="day + time '18:00'")},
              ceil(quota * 100 / 3.0)::int, quota, sold_out, (day - 14) + time '08:00'
       FROM bench_event ORDER BY id""",
    f"""UPDATE card_use u SET event_id = e.id FROM bench_event e
       WHERE u.venue_id = e.venue_id AND {UTC_TO_LOCAL_DATE.format(utc='u.scanned_at')} = e.day""",
    "SELECT setval(pg_get_serial_sequence('card_use', 'id'), greatest(1, (SELECT max(id) FROM card_use)))",
    "SELECT setval(pg_get_serial_sequence('event', 'id'), greatest(1, (SELECT max(id) FROM event)))",
]

REFUSED = [
    # At full events: quota_full; at sold-out ones: sold_out.
    f"""INSERT INTO refused_scan (at, venue_id, reason, raw_code, source, client_scan_id)
       SELECT {LOCAL_TO_UTC.format(local="day + time '18:05' + k * interval '1 minute'")}, venue_id,
              CASE WHEN sold_out THEN 'sold_out' ELSE 'quota_full' END, 'KK-BENCH-' || id || '-' || k,
              'camera_qr', 'bench-e' || id || '-' || k
       FROM bench_event CROSS JOIN LATERAL generate_series(1, 1 + floor(r_refused * 5)::int) k
       WHERE is_full OR sold_out ORDER BY id, k""",
    # Elsewhere one scan in 25 is refused, for the usual reasons.
    f"""INSERT INTO refused_scan (at, venue_id, reason, raw_code, source, client_scan_id)
       SELECT {LOCAL_TO_UTC.format(local="day + time '09:00' + r_hour * interval '12 hours'")}, v.venue_id,
              CASE WHEN r < 0.4 THEN 'expired' WHEN r < 0.6 THEN 'unknown' WHEN r < 0.7 THEN 'malformed'
                   WHEN r < 0.82 THEN 'not_registered' WHEN r < 0.9 THEN 'inactivated'
                   WHEN r < 0.95 THEN 'children_exceeded' ELSE 'group_too_large' END,
              'KK-' || upper(substr(md5(g::text), 1, 4)) || '-' || upper(substr(md5(g::text), 5, 5)),
              'camera_qr', 'bench-r' || g
       FROM (SELECT g, {GROWING_DAY.format(r='random()')} AS day, random() AS r_hour, random() AS r,
                    floor(random() * (SELECT n FROM pool_size WHERE pool = 0))::int AS slot
             FROM generate_series(1, %(uses)s / 25) g) d
       JOIN venue_slot v ON v.pool = 0 AND v.slot = d.slot ORDER BY g""",
]


def steps(printed: str, key: str, constants: str) -> Iterator[tuple[str, list[str]]]:
    yield "areas and participating municipalities", AREAS
    yield "organisations", ORGANISATIONS
    yield "cards", cards(printed, key, constants)
    yield "card events (registered, renewed, inactivated)", CARD_EVENTS
    yield "uses", USES
    yield "events with quotas", EVENTS
    yield "refused scans", REFUSED
