#!/usr/bin/env bash
# The whole suite: lint, then the tests on SQLite and, where PostgreSQL answers, on PostgreSQL.
set -u
cd "$(dirname "$0")/.."
bin=.venv/bin
status=0

echo "== ruff"
$bin/ruff check . && $bin/ruff format --check . || status=1

# The layers (pyproject.toml [tool.importlinter], docs/architecture.md), before the tests.
echo "== import contracts"
$bin/lint-imports --no-cache || status=1

# Files of at most 400 lines, functions of at most 60 (scripts/check_sizes.py).
echo "== sizes"
$bin/python scripts/check_sizes.py || status=1

# One pytest worker per core (pytest-xdist); each worker has its own test database and
# seeds the demo network once. INPROCEDERE_TEST_WORKERS=0 runs in one process. Not
# --dist worksteal: a stolen test can run after a transactional test has emptied the
# worker's database (123 failures in a fresh clone of baf200b). The slowest 20 are listed.
workers=${INPROCEDERE_TEST_WORKERS:-auto}

echo "== tests on SQLite"
env -u DATABASE_URL $bin/pytest -p no:cacheprovider -n "$workers" --durations=20 "$@" || status=1

pg_url=${INPROCEDERE_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/inprocedere}
if $bin/python - "$pg_url" <<'PY' 2>/dev/null
import sys, psycopg
url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
psycopg.connect(url, connect_timeout=3).close()
PY
then
  echo "== tests on PostgreSQL ($pg_url)"
  DATABASE_URL=$pg_url $bin/pytest -p no:cacheprovider -n "$workers" --durations=20 "$@" || status=1
else
  echo "== PostgreSQL not reachable at $pg_url: skipped (SQLite only)"
fi
exit $status
