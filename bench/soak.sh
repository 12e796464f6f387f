#!/usr/bin/env bash
# Soak of two LinkWorker nodes on one PostgreSQL database (issue 18 point 5; docs/performance.md).
# Starts a throw-away PostgreSQL 15 cluster and two Release servers on it (background jobs on in both, demo data),
# measures the intake capacity (closed loop, 8 submitters, 30 s) unless --rate is given, then drives half of it as an
# open-loop mix of referrals and reads over both nodes (bench/LinkWorker.Soak), sampling each node's memory.
# With --kill-after S, node 1 gets SIGKILL S seconds into the soak and is started again --restart-after seconds
# later; requests that got no answer are sent again, same Idempotency-Key and body, to node 2. At the end the
# database is checked with psql: every acknowledged referral exists, and no key produced two referrals.
#
# Usage: bench/soak.sh [--minutes 10] [--rate N] [--kill-after S] [--restart-after 20] [--measure-seconds 30]
#                      [any bench/LinkWorker.Soak option, e.g. --write-share 0.5 --retry-share 0.1]
# Loopback only; every server and the cluster are stopped at the end. Output and logs stay in the printed folder.
set -euo pipefail
MINUTES=10 RATE=0 KILL_AFTER=0 RESTART_AFTER=20 MEASURE=30 EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --kill-after) KILL_AFTER=$2; shift 2 ;;
    --restart-after) RESTART_AFTER=$2; shift 2 ;;
    --measure-seconds) MEASURE=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) EXTRA+=("$1"); shift ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/lw-soak.XXXXXX)
PGBIN=/usr/lib/postgresql/15/bin
API="$ROOT/src/LinkWorker.Api/bin/Release/net10.0/LinkWorker.Api.dll"
SOAK="$ROOT/bench/LinkWorker.Soak/bin/Release/net10.0/LinkWorker.Soak.dll"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PGPORT=${PGPORT:-$(free_port)}
PORT1=$(free_port)
PORT2=$(free_port)
DB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=linkworker"
PIDS=() WATCHERS=()
COUNTERS=${COUNTERS:-$HOME/.dotnet/tools/dotnet-counters} # optional: without it only RSS is reported
cleanup() {
  for p in "${PIDS[@]}" "${WATCHERS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -d "$WORK/pg" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ -z "${NO_BUILD:-}" ]; then
  dotnet build -c Release -v q -nologo "$ROOT/src/LinkWorker.Api" >/dev/null
  dotnet build -c Release -v q -nologo "$ROOT/bench/LinkWorker.Soak" >/dev/null
fi

mkdir -p "$WORK/pg" && chown postgres "$WORK" "$WORK/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -o "-p $PGPORT -k $WORK/pg -c listen_addresses=127.0.0.1" -w start >/dev/null
psql() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d linkworker -v ON_ERROR_STOP=1 -q "$@"; }

# start_node <n> <port>: both nodes share the database and the demo master key file; background jobs on in both.
# They name one issuer, as nodes behind a load balancer must (deploy/README.md), so either accepts the other's tokens.
start_node() {
  ASPNETCORE_ENVIRONMENT=Development RateLimiting__AuthPermitsPerMinute=100000 Logging__LogLevel__Default=Warning \
    Database__Provider=Postgres ConnectionStrings__LinkWorker="$DB" Scheduling__Enabled=true \
    DataProtection__MasterKeyFile="$WORK/master.key" Authentication__Issuer="http://127.0.0.1:$PORT1/" \
    dotnet "$API" --contentRoot "$(dirname "$API")" --urls "http://127.0.0.1:$2" >>"$WORK/node$1.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  echo "$pid" >"$WORK/node$1.pid"
  # The managed heap after each GC tells a leak from GC slack, which RSS alone cannot; the session ends with the node.
  if [ -x "$COUNTERS" ]; then
    "$COUNTERS" collect -p "$pid" --refresh-interval 10 --duration 01:00:00:00 -o "$WORK/counters-node$1-$pid.csv" \
      --counters 'System.Runtime[dotnet.gc.last_collection.heap.size,dotnet.process.memory.working_set]' >/dev/null 2>&1 &
    WATCHERS+=("$!")
  fi
}
wait_ready() { # <n> <port>
  for _ in $(seq 1 480); do # up to 4 min: a loaded machine migrates slowly
    curl -sf "http://127.0.0.1:$2/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "node $1 did not get ready"; tail -20 "$WORK/node$1.log"; exit 1
}
# A zombie still answers kill -0; read its state instead.
alive() { [ -e "/proc/$1" ] && ! grep -q ') Z' "/proc/$1/stat" 2>/dev/null; }

echo "== soak in $WORK: PostgreSQL on $PGPORT, nodes on $PORT1 and $PORT2; load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Node 1 first: it migrates and seeds the empty database; node 2 then starts on a ready one.
start_node 1 "$PORT1"; wait_ready 1 "$PORT1"
start_node 2 "$PORT2"; wait_ready 2 "$PORT2"
psql -Atc 'SELECT "Id" FROM "Referrals"' >"$WORK/before.txt"

: >"$WORK/soak.txt"
dotnet "$SOAK" --node1 "http://127.0.0.1:$PORT1" --node2 "http://127.0.0.1:$PORT2" \
  --pid-file1 "$WORK/node1.pid" --pid-file2 "$WORK/node2.pid" --minutes "$MINUTES" --rate "$RATE" \
  --measure-seconds "$MEASURE" --kill-after "$KILL_AFTER" --acked "$WORK/acked.tsv" --memory-csv "$WORK/memory.csv" \
  "${EXTRA[@]}" >"$WORK/soak.txt" 2>&1 &
DRIVER=$!
tail -n +1 -f --pid="$DRIVER" "$WORK/soak.txt" &

if [ "$KILL_AFTER" -gt 0 ]; then
  N1=$(cat "$WORK/node1.pid")
  while alive "$N1" && kill -0 "$DRIVER" 2>/dev/null; do sleep 0.2; done
  if ! alive "$N1"; then
    wait "$N1" 2>/dev/null || true
    echo "== node 1 (pid $N1) is gone; starting it again in $RESTART_AFTER s"
    sleep "$RESTART_AFTER"
    start_node 1 "$PORT1"
    echo "== node 1 started again as pid $(cat "$WORK/node1.pid")"
  fi
fi
set +e
wait "$DRIVER"; DRIVER_RC=$?
set -e
sleep 1 # the tail ends with the driver

# Nodes stop before the check so nothing is still writing.
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
PIDS=()
for p in "${WATCHERS[@]}"; do wait "$p" 2>/dev/null || true; done # a counters session ends with its node

# Managed heap (sum of the generations after the last GC) per node process, after the warm-up, beside RSS.
python3 - "$WORK" <<'PY' || echo "(no managed-heap summary)"
import csv, glob, re, sys, datetime
work = sys.argv[1]
start = None
for line in open(f"{work}/soak.txt"):
    if line.startswith("soak-start-utc: "):
        start = datetime.datetime.fromisoformat(line.split(": ", 1)[1].strip())
warm = 120
for arg in open(f"{work}/soak.txt"):
    m = re.search(r"after a ([0-9.]+) min warm-up", arg)
    if m: warm = float(m.group(1)) * 60
rows = []
for f in sorted(glob.glob(f"{work}/counters-node*.csv")):
    node, pid = re.search(r"counters-node(\d+)-(\d+)\.csv", f).groups()
    heap, ws = {}, {}
    for r in csv.DictReader(open(f)):
        t = datetime.datetime.strptime(r["Timestamp"], "%m/%d/%Y %H:%M:%S")
        v = float(r["Mean/Increment"]) / 1048576
        if r["Counter Name"].startswith("dotnet.gc.last_collection.heap.size"): heap[t] = heap.get(t, 0) + v
        elif r["Counter Name"].startswith("dotnet.process.memory.working_set"): ws[t] = v
    if not heap or start is None: continue
    first = min(heap)
    since = max(start, first) + datetime.timedelta(seconds=warm)
    pts = sorted((t, v) for t, v in heap.items() if t >= since)
    if len(pts) < 2: continue
    xs = [(t - pts[0][0]).total_seconds() / 60 for t, _ in pts]; ys = [v for _, v in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0
    rows.append(f"| {node} | {pid} | {len(pts)} | {ys[0]:.0f} | {ys[-1]:.0f} | {max(ys):.0f} | {slope:+.2f} |")
if rows:
    print("\nManaged heap after the last GC (dotnet-counters, every 10 s, after the warm-up):\n")
    print("| node | pid | samples | start MB | end MB | max MB | slope MB/min |\n|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
PY

echo "== database check"
psql -A -F ' ' <<SQL | tee "$WORK/check.txt"
CREATE TEMP TABLE acked (key text, referral_id uuid, case_id uuid, phase text, node int);
\copy acked FROM '$WORK/acked.tsv'
CREATE TEMP TABLE before (id uuid);
\copy before FROM '$WORK/before.txt'
-- Idempotency records hold their answers encrypted, so keys are counted here; each submission has its own citizen
-- (its own CPR number), so a key that produced two referrals shows as a citizen with two.
CREATE TEMP TABLE created AS SELECT "Id" AS id, "CitizenId" AS citizen FROM "Referrals" WHERE "Id" NOT IN (SELECT id FROM before);
SELECT 'acknowledged', count(*) FROM acked
UNION ALL SELECT 'acknowledged_keys', count(DISTINCT key) FROM acked
UNION ALL SELECT 'missing', count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM "Referrals" r WHERE r."Id" = a.referral_id)
UNION ALL SELECT 'created', count(*) FROM created
UNION ALL SELECT 'keys_completed', count(*) FROM "IdempotencyRecords" WHERE "Scope" LIKE '%:SubmitReferralCommand' AND "CompletedAt" IS NOT NULL
UNION ALL SELECT 'citizen_twice', count(*) FROM (SELECT citizen FROM created GROUP BY 1 HAVING count(*) > 1) y
UNION ALL SELECT 'created_not_acknowledged', count(*) FROM created c WHERE NOT EXISTS (SELECT 1 FROM acked a WHERE a.referral_id = c.id);
SQL
val() { awk -v k="$1" '$1 == k { print $2 }' "$WORK/check.txt"; }
# More referrals than completed keys would be a key that created two (every submission carries a key).
EXTRA_REFERRALS=$(( $(val created) - $(val keys_completed) ))
BAD=$(( $(val missing) + $(val citizen_twice) + (EXTRA_REFERRALS > 0 ? EXTRA_REFERRALS : 0) + ($(val acknowledged) != $(val acknowledged_keys)) ))
MODE=$([ "$KILL_AFTER" -gt 0 ] && echo "kill -9 node 1 after ${KILL_AFTER} s" || echo "soak")
echo "markdown-db: | $(date -u '+%Y-%m-%d %H:%M') | $MODE | $(val acknowledged) acknowledged | $(val missing) missing | $(val created) created, $(val created_not_acknowledged) never acknowledged | $(val keys_completed) keys | $(val citizen_twice) citizens with two, $EXTRA_REFERRALS referrals beyond the keys |"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null
echo "== done; logs in $WORK; load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$BAD" -eq 0 ] && [ "$DRIVER_RC" -eq 0 ]
