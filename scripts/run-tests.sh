#!/usr/bin/env bash
# The whole suite on SQLite, then the database suite (marker `db`) on PostgreSQL.
# In CI (CI=true) a PostgreSQL or Redis that cannot be reached fails the run instead of being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_URL=${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}

REDIS_URL_FOR_TESTS=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
if ! $PY -c 'import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=3).ping()' \
    "$REDIS_URL_FOR_TESTS" 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "CI: Redis is required at $REDIS_URL_FOR_TESTS (shared rate limits, sessions)." >&2
    exit 1
  fi
  echo "Redis not reachable at $REDIS_URL_FOR_TESTS; its tests are skipped." >&2
fi
export TEST_REDIS_URL=$REDIS_URL_FOR_TESTS

echo "== Whole suite on SQLite"
TEST_DATABASE_URL= $PY -m pytest -p no:cacheprovider -q -m "not postgres_only" "$@"

echo "== Database suite on PostgreSQL"
if $PY - "$PG_URL" <<'PY'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=5).close()
except Exception as err:
    print(f"PostgreSQL not reachable: {err}", file=sys.stderr)
    sys.exit(1)
PY
then
  TEST_DATABASE_URL=$PG_URL $PY -m pytest -p no:cacheprovider -q -m "db or postgres_only" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "CI: PostgreSQL is required for the database suite." >&2
  exit 1
else
  echo "PostgreSQL not reachable; the database suite ran on SQLite only (set TEST_DATABASE_URL)." >&2
fi
