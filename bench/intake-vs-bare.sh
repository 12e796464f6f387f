#!/usr/bin/env bash
# Intake against the bare reference, both databases, in one run (issue 18; docs/performance.md).
# Usage: bench/intake-vs-bare.sh [count=3000] [concurrency=8]   (WARMUP=20000 referrals first, untimed)
# The server's warm-up is long on purpose: .NET compiles about 63,000 of the app's methods and recompiles the hot
# ones, optimised with profile data, over its first 15,000-20,000 requests; after 3,000 it still compiled 300-700 a
# second and served at 60% of its steady rate (ADR 0038, docs/performance.md). The bare program is one small loop,
# warm after its 100.
# PG_SETTINGS=";Max Auto Prepare=32" adds settings to the PostgreSQL connection string of both the server and the
# bare program (the same string for both, so a setting that helps one helps the other). PG_SERVER_OPTIONS="-c name=value"
# adds settings to the throw-away cluster (e.g. -c autovacuum=off, to see what autovacuum costs the half load).
# Loopback only; every server and cluster it starts is stopped at the end.
set -euo pipefail
COUNT=${1:-3000}
WARMUP=${WARMUP:-20000}
HALF_SECONDS=${HALF_SECONDS:-60} # a minute: it holds one of PostgreSQL's autovacuum rounds (autovacuum_naptime), whenever it starts
CONC=${2:-8}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/lw-intake.XXXXXX)
PORT=5191
PGPORT=${PGPORT:-55491} # another cluster on it? set PGPORT
API="$ROOT/src/LinkWorker.Api/bin/Release/net10.0/LinkWorker.Api.dll"
DRIVER="$ROOT/bench/LinkWorker.LoadDriver/bin/Release/net10.0/LinkWorker.LoadDriver.dll"
BARE="$ROOT/bench/LinkWorker.IntakeBare/bin/Release/net10.0/LinkWorker.IntakeBare.dll"
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  [ -d "$WORK/pg" ] && runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

dotnet build -c Release -v q -nologo "$ROOT/src/LinkWorker.Api" >/dev/null
dotnet build -c Release -v q -nologo "$ROOT/bench/LinkWorker.LoadDriver" >/dev/null
dotnet build -c Release -v q -nologo "$ROOT/bench/LinkWorker.IntakeBare" >/dev/null

start_server() { # provider connection-string
  ASPNETCORE_ENVIRONMENT=Development RateLimiting__AuthPermitsPerMinute=100000 Logging__LogLevel__Default=Warning \
    Database__Provider="$1" ConnectionStrings__LinkWorker="$2" Scheduling__Enabled=true \
    dotnet "$API" --contentRoot "$(dirname "$API")" --urls "http://127.0.0.1:$PORT" >"$WORK/server-$1.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 480); do # up to 4 min: a loaded machine migrates slowly
    curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "server did not get ready"; tail -20 "$WORK/server-$1.log"; exit 1
}
stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }

drive() { # extra driver args
  dotnet "$DRIVER" --url "http://127.0.0.1:$PORT" --user gp.aarhus --password 'Demo-2026!' "$@"
}

run() { # provider connection-string bare-kind bare-connection
  start_server "$1" "$2"
  echo "== $1: the server, closed loop, concurrency $CONC (warm-up from $(date -u +%T))"; uptime
  drive --count "$COUNT" --concurrency "$CONC" --warmup "$WARMUP" | tee "$WORK/full-$1.txt"
  # --rate counts submissions, and each brings its share of retries: half the submissions is half the requests.
  local sps; sps=$(grep -o '[0-9.]* submissions/s' "$WORK/full-$1.txt" | grep -o '^[0-9.]*')
  local half; half=$(python3 -c "print(max(1, int(float('$sps') / 2)))")
  echo "== $1: the server, open loop at half that: $half submissions/s (from $(date -u +%T))"
  drive --count $((half * HALF_SECONDS)) --concurrency 64 --rate "$half" --warmup 0 --timeline 1 | tee "$WORK/half-$1.txt"
  stop_server
  echo "== $1: the bare program, same database, concurrency $CONC (from $(date -u +%T))"; uptime
  dotnet "$BARE" "$3" "$4" "$COUNT" "$CONC" 100 | tee "$WORK/bare-$1.txt"
}

# ONLY=Sqlite or ONLY=Postgres runs one of the two
[ "${ONLY:-Sqlite}" = Sqlite ] && run Sqlite "Data Source=$WORK/lw.db" sqlite "Data Source=$WORK/lw.db"
[ "${ONLY:-Postgres}" = Postgres ] || exit 0

mkdir -p "$WORK/pg" && chown postgres "$WORK" "$WORK/pg"
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$WORK/pg" -A trust -U postgres >/dev/null
# The cluster logs its checkpoints and autovacuum runs to $WORK/pg/postgres.log, to lay beside a slow stretch.
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$WORK/pg" -l "$WORK/pg/postgres.log" \
  -o "-p $PGPORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c log_checkpoints=on -c log_autovacuum_min_duration=0 ${PG_SERVER_OPTIONS:-}" -w start >/dev/null
PG="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=linkworker${PG_SETTINGS:-}"
run Postgres "$PG" postgres "$PG"
echo "== done; logs in $WORK"; uptime
