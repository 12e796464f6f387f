#!/usr/bin/env bash
# Start to ready and memory (issue 18; docs/performance.md, ADR 34): a bare ASP.NET Core app against LinkWorker on
# SQLite (a new database, then the same database again), each started ROUNDS times in turn in one run; then
# LinkWorker's memory idle and after a load of referrals. Both apps are published as deployed (deploy/README.md:
# dotnet publish, ReadyToRun from the Api project); BUILD=jit times the plain build output instead. Extra
# environment (GC settings, e.g. DOTNET_gcServer=1) applies to both apps.
# Usage: bench/startup-memory.sh [rounds=3] [referrals=2000]   (NO_BUILD=1 reuses the last publish)
# Loopback only; every server it starts is stopped.
set -euo pipefail
ROUNDS=${1:-3}
LOAD=${2:-2000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/lw-startup.XXXXXX)
OUT=${OUT:-/tmp/lw-startup-publish}
PORT=5192
DRIVER="$ROOT/bench/LinkWorker.LoadDriver/bin/Release/net10.0/LinkWorker.LoadDriver.dll"
if [ "${BUILD:-publish}" = jit ]; then
  API="$ROOT/src/LinkWorker.Api/bin/Release/net10.0/LinkWorker.Api.dll"
  BAREAPP="$ROOT/bench/LinkWorker.BareApp/bin/Release/net10.0/LinkWorker.BareApp.dll"
else
  API="$OUT/api/LinkWorker.Api.dll"
  BAREAPP="$OUT/bare/LinkWorker.BareApp.dll"
fi
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; true' EXIT

if [ -z "${NO_BUILD:-}" ]; then
  dotnet build -c Release -v q -nologo "$ROOT/bench/LinkWorker.LoadDriver" >/dev/null
  if [ "${BUILD:-publish}" = jit ]; then
    for p in src/LinkWorker.Api bench/LinkWorker.BareApp; do dotnet build -c Release -v q -nologo "$ROOT/$p" >/dev/null; done
  else
    dotnet publish -c Release -v q -nologo "$ROOT/src/LinkWorker.Api" -o "$OUT/api" >/dev/null
    dotnet publish -c Release -v q -nologo -p:PublishReadyToRun=true "$ROOT/bench/LinkWorker.BareApp" -o "$OUT/bare" >/dev/null
  fi
fi

rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
# Proportional set size: RSS with the pages shared with other processes (the framework's files) divided among them.
pss() { awk '/^Pss:/ {printf "%.0f", $2/1024}' "/proc/$1/smaps_rollup"; }

# start <log> <command...>: sets PID, and READY to the milliseconds from exec to the first 200 of /health/ready
start() {
  local log=$1; shift
  local t0; t0=$(date +%s%N)
  ASPNETCORE_ENVIRONMENT=Development RateLimiting__AuthPermitsPerMinute=100000 Logging__LogLevel__Default=Warning DataProtection__MasterKeyFile="$WORK/master.key" \
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
  start "$WORK/bare.log" dotnet "$BAREAPP"; bare=$READY; sleep 3; bare_rss=$(rss $PID); bare_pss=$(pss $PID); stop
  rm -f "$WORK"/lw.db*
  start "$WORK/new.log" env ConnectionStrings__LinkWorker="Data Source=$WORK/lw.db" dotnet "$API" --contentRoot "$(dirname "$API")"; fresh=$READY; stop
  start "$WORK/existing.log" env ConnectionStrings__LinkWorker="Data Source=$WORK/lw.db" dotnet "$API" --contentRoot "$(dirname "$API")"; existing=$READY; sleep 3; idle_rss=$(rss $PID); idle_pss=$(pss $PID); stop
  echo "round $r: ready bare ${bare} ms, new database ${fresh} ms ($(python3 -c "print(f'{$fresh/$bare:.1f}')")x), existing ${existing} ms ($(python3 -c "print(f'{$existing/$bare:.1f}')")x); RSS idle bare ${bare_rss} MB, LinkWorker ${idle_rss} MB (PSS ${bare_pss} / ${idle_pss} MB)"
done

start "$WORK/load.log" env ConnectionStrings__LinkWorker="Data Source=$WORK/lw.db" dotnet "$API" --contentRoot "$(dirname "$API")"
sleep 3; before=$(rss $PID); before_pss=$(pss $PID)
dotnet "$DRIVER" --url "http://127.0.0.1:$PORT" --user gp.aarhus --password 'Demo-2026!' --count "$LOAD" --concurrency 8 --warmup 50 | grep -E "throughput|latency \(first\)|errors \(total\)"
after=$(rss $PID); sleep 10; settled=$(rss $PID); settled_pss=$(pss $PID)
echo "LinkWorker RSS: idle ${before} MB, right after ${LOAD} referrals ${after} MB, 10 s later ${settled} MB (PSS ${before_pss} -> ${settled_pss} MB)"
stop
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
