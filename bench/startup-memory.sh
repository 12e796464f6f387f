#!/usr/bin/env bash
# Start to ready and memory (issue 18; docs/performance.md): a bare ASP.NET Core app against LinkWorker on SQLite
# (a new database, then the same database again), each started ROUNDS times in turn in one run; then LinkWorker's
# resident memory idle and after a load of referrals. Extra environment (GC settings) applies to both apps.
# Usage: bench/startup-memory.sh [rounds=3] [referrals=2000]
# Loopback only; every server it starts is stopped.
set -euo pipefail
ROUNDS=${1:-3}
LOAD=${2:-2000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/lw-startup.XXXXXX)
PORT=5192
API="$ROOT/src/LinkWorker.Api/bin/Release/net10.0/LinkWorker.Api.dll"
BAREAPP="$ROOT/bench/LinkWorker.BareApp/bin/Release/net10.0/LinkWorker.BareApp.dll"
DRIVER="$ROOT/bench/LinkWorker.LoadDriver/bin/Release/net10.0/LinkWorker.LoadDriver.dll"
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; true' EXIT

if [ -z "${NO_BUILD:-}" ]; then
  for p in src/LinkWorker.Api bench/LinkWorker.BareApp bench/LinkWorker.LoadDriver; do dotnet build -c Release -v q -nologo "$ROOT/$p" >/dev/null; done
fi

rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# start <log> <command...>: sets PID, and READY to the milliseconds from exec to the first 200 of /health/ready
start() {
  local log=$1; shift
  local t0; t0=$(date +%s%N)
  ASPNETCORE_ENVIRONMENT=Development RateLimiting__AuthPermitsPerMinute=100000 Logging__LogLevel__Default=Warning \
    "$@" --urls "http://127.0.0.1:$PORT" >"$log" 2>&1 &
  PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/ready"; do
    sleep 0.02
    kill -0 $PID 2>/dev/null || { echo "died: $(tail -5 "$log")" >&2; exit 1; }
  done
  READY=$(( ($(date +%s%N) - t0) / 1000000 ))
}
stop() { kill $PID; wait $PID 2>/dev/null || true; PID=""; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$ROUNDS"); do
  start "$WORK/bare.log" dotnet "$BAREAPP"; bare=$READY; sleep 3; bare_rss=$(rss $PID); stop
  rm -f "$WORK"/lw.db*
  start "$WORK/new.log" env ConnectionStrings__LinkWorker="Data Source=$WORK/lw.db" dotnet "$API" --contentRoot "$(dirname "$API")"; fresh=$READY; stop
  start "$WORK/existing.log" env ConnectionStrings__LinkWorker="Data Source=$WORK/lw.db" dotnet "$API" --contentRoot "$(dirname "$API")"; existing=$READY; sleep 3; idle_rss=$(rss $PID); stop
  echo "round $r: ready bare ${bare} ms, new database ${fresh} ms ($(python3 -c "print(f'{$fresh/$bare:.1f}')")x), existing ${existing} ms ($(python3 -c "print(f'{$existing/$bare:.1f}')")x); RSS idle bare ${bare_rss} MB, LinkWorker ${idle_rss} MB"
done

start "$WORK/load.log" env ConnectionStrings__LinkWorker="Data Source=$WORK/lw.db" dotnet "$API" --contentRoot "$(dirname "$API")"
sleep 3; before=$(rss $PID)
dotnet "$DRIVER" --url "http://127.0.0.1:$PORT" --user gp.aarhus --password 'Demo-2026!' --count "$LOAD" --concurrency 8 --warmup 50 | grep -E "throughput|latency \(first\)|errors \(total\)"
after=$(rss $PID); sleep 10; settled=$(rss $PID)
echo "LinkWorker RSS: idle ${before} MB, right after ${LOAD} referrals ${after} MB, 10 s later ${settled} MB"
stop
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
