#!/usr/bin/env bash
# Where a referral's CPU goes on PostgreSQL: the server's, PostgreSQL's and the whole machine's CPU per referral over
# one closed-loop run, then the same for the bare program on the same database (issue 18, ADR 0038).
# Usage: [WARMUP=20000] [COUNT=3000] [PG_SETTINGS=";Max Auto Prepare=32"] [EXTRA_ENV="DOTNET_…=…"] bench/intake-cpu.sh
# Loopback only; the server and the throw-away cluster it starts are stopped at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/lw-cpu.XXXXXX); PORT=5192; PGPORT=${PGPORT:-55495}
COUNT=${COUNT:-3000}
API="$ROOT/src/LinkWorker.Api/bin/Release/net10.0/LinkWorker.Api.dll"
DRIVER="$ROOT/bench/LinkWorker.LoadDriver/bin/Release/net10.0/LinkWorker.LoadDriver.dll"
BARE="$ROOT/bench/LinkWorker.IntakeBare/bin/Release/net10.0/LinkWorker.IntakeBare.dll"
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
for p in src/LinkWorker.Api bench/LinkWorker.LoadDriver bench/LinkWorker.IntakeBare; do dotnet build -c Release -v q -nologo "$ROOT/$p" >/dev/null; done

mkdir -p "$WORK/pg" && chown postgres "$WORK" "$WORK/pg"
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$WORK/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$WORK/pg" -o "-p $PGPORT -k $WORK/pg -c listen_addresses=127.0.0.1" -w start >/dev/null
PG="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=linkworker${PG_SETTINGS:-}"
# shellcheck disable=SC2086 # EXTRA_ENV is a list of VAR=value words
env ${EXTRA_ENV:-} ASPNETCORE_ENVIRONMENT=Development RateLimiting__AuthPermitsPerMinute=100000 Logging__LogLevel__Default=Warning \
  Database__Provider=Postgres ConnectionStrings__LinkWorker="$PG" Scheduling__Enabled=true \
  dotnet "$API" --contentRoot "$(dirname "$API")" --urls "http://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 480); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
drive() { dotnet "$DRIVER" --url "http://127.0.0.1:$PORT" --user gp.aarhus --password 'Demo-2026!' "$@"; }
drive --count 10 --concurrency 8 --warmup "${WARMUP:-20000}" >/dev/null

ticks() { awk "{print $1}" "/proc/$2/stat"; }                      # fields of /proc/<pid>/stat, in 1/100 s
machine() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8}' /proc/stat; } # every CPU's time, idle included
postgres() { # the postmaster's reaped children and every live backend
  local pm; pm=$(head -1 "$WORK/pg/postmaster.pid")
  { ticks '$16+$17' "$pm"; for p in $(pgrep -u postgres postgres); do ticks '$14+$15' "$p" 2>/dev/null || true; done; } | awk '{s+=$1} END{print s}'
}
s0=$(ticks '$14+$15' "$SERVER"); p0=$(postgres); m0=$(machine)
drive --count "$COUNT" --concurrency 8 --warmup 0 | grep -E 'throughput|latency \(first|errors \(total'
s1=$(ticks '$14+$15' "$SERVER"); p1=$(postgres); m1=$(machine)
echo "server: server $(( (s1 - s0) * 10000 / COUNT ))µs, PostgreSQL $(( (p1 - p0) * 10000 / COUNT ))µs, machine $(( (m1 - m0) * 10000 / COUNT ))µs of CPU per referral (2 cores)"

kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; sleep 2
p0=$(postgres); m0=$(machine)
dotnet "$BARE" postgres "$PG" "$COUNT" 8 100 | grep throughput
p1=$(postgres); m1=$(machine)
echo "bare: PostgreSQL $(( (p1 - p0) * 10000 / (COUNT + 100) ))µs, machine $(( (m1 - m0) * 10000 / (COUNT + 100) ))µs of CPU per transaction"
