#!/usr/bin/env bash
# Intake against the bare reference, both databases, in one run (issue 18; docs/performance.md).
# Usage: bench/intake-vs-bare.sh [count=3000] [concurrency=8]   (WARMUP=20000 referrals first, untimed; then ROUNDS=5
# turns of the server and the bare program; then HALF_SECONDS=60 of the server at half the median round's rate)
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
ROUNDS=${ROUNDS:-5} # five: single rounds on this shared machine spread 0.44-0.57x around a median of about 0.52x (PostgreSQL)
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

throughput() { grep -o "$2" "$1" | head -1 | grep -o '^[0-9.]*'; } # file pattern

run() { # provider connection-string bare-kind bare-connection
  start_server "$1" "$2"
  echo "== $1: warm-up, $WARMUP referrals (from $(date -u +%T))"; uptime
  drive --count 1 --concurrency "$CONC" --warmup "$WARMUP" >/dev/null
  # The bare program and the server take turns, ROUNDS times: the machine's speed drifts by a quarter between runs
  # minutes apart, so each round's ratio compares the two at nearly the same moment, and the median round is the
  # figure. The server stays up, idle, while the bare program runs; the server's own round comes last, so the half
  # load follows the server's load, not the bare program's.
  for round in $(seq 1 "$ROUNDS"); do
    echo "== $1: round $round: the bare program, same database, concurrency $CONC (from $(date -u +%T))"
    dotnet "$BARE" "$3" "$4" "$COUNT" "$CONC" 100 | tee "$WORK/bare-$1-$round.txt"
    echo "== $1: round $round: the server, closed loop, concurrency $CONC (from $(date -u +%T))"
    drive --count "$COUNT" --concurrency "$CONC" --warmup 0 | tee "$WORK/full-$1-$round.txt"
    local req sub tx; req=$(throughput "$WORK/full-$1-$round.txt" '[0-9.]* req/s'); sub=$(throughput "$WORK/full-$1-$round.txt" '[0-9.]* submissions/s')
    tx=$(throughput "$WORK/bare-$1-$round.txt" '[0-9.]* tx/s')
    python3 -c "print(f'ratio $1 round $round: server {$req} req/s ({$sub} submissions/s), bare {$tx} tx/s: {$req/$tx:.2f}x (strict {$sub/$tx:.2f}x)')" \
      | tee -a "$WORK/ratios-$1.txt"
  done
  python3 - "$WORK/ratios-$1.txt" "$1" <<'PY'
import re, statistics, sys
rows = [tuple(float(x) for x in re.findall(r'([0-9.]+)x', line)) for line in open(sys.argv[1])]
print(f"== {sys.argv[2]}: median of {len(rows)} rounds: {statistics.median(r[0] for r in rows):.2f}x "
      f"(strict {statistics.median(r[1] for r in rows):.2f}x); rounds {', '.join(f'{r[0]:.2f}x' for r in rows)}")
PY
  # --rate counts submissions, and each brings its share of retries: half the submissions is half the requests.
  local half; half=$(python3 -c "import statistics, glob, re; print(max(1, int(statistics.median(float(re.search(r'([0-9.]+) submissions/s', open(f).read()).group(1)) for f in glob.glob('$WORK/full-$1-*.txt')) / 2)))")
  echo "== $1: the server, open loop at half the median round: $half submissions/s for $HALF_SECONDS s (from $(date -u +%T))"
  drive --count $((half * HALF_SECONDS)) --concurrency 64 --rate "$half" --warmup 0 --timeline 1 | tee "$WORK/half-$1.txt"
  stop_server
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
