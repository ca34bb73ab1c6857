#!/usr/bin/env bash
# Fuzzes the running API from its own OpenAPI document with Schemathesis.
#
# Starts `crm serve` (the debug build) on a fresh database and runs, as the administrator, every
# operation of openapi/crm.json with all of Schemathesis' checks for a
# bounded time. The backend is SQLite, or PostgreSQL when CRM_FUZZ_POSTGRES_URL names a server
# (a database is created there and dropped afterwards).
#
#   tests/fuzz/run.sh                  # SQLite, CRM_FUZZ_SECONDS (default 120) of fuzzing
#   CRM_FUZZ_SECONDS=600 tests/fuzz/run.sh
#
# Reports (JUnit, and a cassette of every request to replay a failure) go to target/fuzz-report.
set -euo pipefail
cd "$(dirname "$0")/../.."

SECONDS_BUDGET="${CRM_FUZZ_SECONDS:-120}"
SEED="${CRM_FUZZ_SEED:-$(date +%s)}"
VENV=target/fuzz-venv
CRM=target/debug/crm
PASSWORD='fuzzing the api from its contract'
REPORT=target/fuzz-report

if [ ! -x "$VENV/bin/st" ] || ! cmp -s tests/fuzz/requirements.txt "$VENV/requirements.txt"; then
  echo "== Installing Schemathesis into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r tests/fuzz/requirements.txt
  cp tests/fuzz/requirements.txt "$VENV/requirements.txt"
fi
[ -x "$CRM" ] || { echo "$CRM is missing: run 'cargo build -p crm-server' first" >&2; exit 1; }

DATA="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
DATABASE="$DATA/crm.db"
PG_DB=""
if [ -n "${CRM_FUZZ_POSTGRES_URL:-}" ]; then
  PG_DB="crm_fuzz_$(date +%s)_$$"
  psql "$CRM_FUZZ_POSTGRES_URL" -qAtc "CREATE DATABASE $PG_DB" >/dev/null
  DATABASE="${CRM_FUZZ_POSTGRES_URL%/*}/$PG_DB"
fi
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "$PG_DB" ]; then psql "$CRM_FUZZ_POSTGRES_URL" -qAtc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

BACKEND=SQLite; [ -n "$PG_DB" ] && BACKEND=PostgreSQL
echo "== Fuzzing the API on $BACKEND for ${SECONDS_BUDGET}s (seed $SEED)"
CRM_BIND="127.0.0.1:$PORT" DATABASE_URL="$DATABASE" CRM_DATA_DIR="$DATA" \
  CRM_ADMIN_PASSWORD="$PASSWORD" RUST_LOG="${RUST_LOG:-warn}" \
  "$CRM" serve >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do
  curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$BASE/readyz" >/dev/null || { cat "$DATA/server.log" >&2; exit 1; }

rm -rf "$REPORT"
set +e
SCHEMATHESIS_HOOKS=tests/fuzz/hooks.py CRM_FUZZ_BASE="$BASE" CRM_FUZZ_EMAIL=admin@example.com CRM_FUZZ_PASSWORD="$PASSWORD" \
  "$VENV/bin/st" --config-file tests/fuzz/schemathesis.toml run "$BASE/api/openapi.json" \
  --max-time "$SECONDS_BUDGET" \
  --seed "$SEED" \
  --report junit,vcr --report-dir "$REPORT"
STATUS=$?
set -e
if grep -q "panicked" "$DATA/server.log"; then
  echo "The server panicked during the run:" >&2
  grep -A5 "panicked" "$DATA/server.log" >&2
  STATUS=1
fi
if [ "$STATUS" -ne 0 ]; then
  echo "Schemathesis found problems (seed $SEED); the server's log:" >&2
  grep -E "ERROR|WARN" "$DATA/server.log" | tail -20 >&2 || true
fi
exit "$STATUS"
