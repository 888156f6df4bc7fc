#!/usr/bin/env bash
# Issuance throughput on this machine, in one run: per key algorithm, the crypto limit (JMH "issue one PFX"
# with one thread per core, stack idle) and then the end-to-end rate of the running stack under load
# (`./stack load`), side by side in $OUT/summary.md and $OUT/summary.json.
#
#   bench/run.sh [--keys rsa2048,ecP256] [--rsa-requests N] [--ec-requests N] [--stack-warmup N] [--rsa-warmup N]
#                [--ec-warmup N] [--concurrency C] [--devices D] [--threads T] [--jmh-args "..."] [--jmh-jvm-args "..."] [--out DIR]
#                [--skip-jmh] [--skip-e2e] [--help]
#
# Environment defaults: BENCH_KEYS, BENCH_RSA_REQUESTS (300), BENCH_EC_REQUESTS (2000), BENCH_STACK_WARMUP (6000),
# BENCH_RSA_WARMUP (40), BENCH_EC_WARMUP (400), BENCH_CONCURRENCY (32), BENCH_DEVICES (100), BENCH_THREADS (nproc),
# BENCH_JMH_ARGS ("-f 1 -wi 3 -w 10s -i 5 -r 10s"),
# BENCH_JMH_JVM_ARGS (extra JVM flags of the JMH fork, e.g. the worker's), BENCH_OUT.
# OUT defaults to target/bench/<timestamp> under the repository root.
# Exit status: 0 when every run completed without failures or duplicates, 1 otherwise, 2 for bad usage.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/bench/pki-jmh/target/benchmarks.jar"
STACK="$ROOT/stack"
STATE="${PKCS_STACK_DIR:-$ROOT/.stack}"
SERVICES=(request-intake issuance-worker revocation-worker pfx-import notifier)
declare -A PORT=([request-intake]=8080 [issuance-worker]=8081 [revocation-worker]=8082 [pfx-import]=8083 [notifier]=8084)
KNOWN_KEYS=(rsa2048 rsa3072 rsa4096 ecP256 ecP384)

KEYS="${BENCH_KEYS:-rsa2048,ecP256}"
RSA_REQUESTS="${BENCH_RSA_REQUESTS:-300}"
EC_REQUESTS="${BENCH_EC_REQUESTS:-2000}"
# Requests sent before measuring, as JMH warms up before it measures: five freshly started JVMs compile their hot
# paths with C2 during the first few hundred requests, and that compilation competes for the same cores.
# Before the first end-to-end measurement the stack gets BENCH_STACK_WARMUP ecP256 requests (about 2 minutes here):
# the services run with C2, which keeps compiling Quarkus, Hibernate, Kafka and Netty code for minutes after a
# start and, on 2 cores, takes that CPU from the requests (measured: 39 issued/s in the first 5,000 ecP256
# requests of a fresh stack, 69/s once compilation settled). Production services run for days; this measures them.
STACK_WARMUP="${BENCH_STACK_WARMUP:-6000}"
RSA_WARMUP="${BENCH_RSA_WARMUP:-40}"
EC_WARMUP="${BENCH_EC_WARMUP:-400}"
CONCURRENCY="${BENCH_CONCURRENCY:-32}"
DEVICES="${BENCH_DEVICES:-100}"
THREADS="${BENCH_THREADS:-$(nproc)}"
JMH_ARGS="${BENCH_JMH_ARGS:--f 1 -wi 3 -w 10s -i 5 -r 10s}"
JMH_JVM_ARGS="${BENCH_JMH_JVM_ARGS:-}"
OUT="${BENCH_OUT:-}"
SKIP_JMH=0
SKIP_E2E=0

say() { printf '%s\n' "$*"; }
die() { printf 'bench: %s\n' "$1" >&2; exit "${2:-1}"; }
usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

need_value() { [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value (see --help)" 2; }
while (($#)); do
  case "$1" in
    --keys) need_value "$@"; KEYS=$2; shift 2 ;;
    --rsa-requests) need_value "$@"; RSA_REQUESTS=$2; shift 2 ;;
    --ec-requests) need_value "$@"; EC_REQUESTS=$2; shift 2 ;;
    --stack-warmup) need_value "$@"; STACK_WARMUP=$2; shift 2 ;;
    --rsa-warmup) need_value "$@"; RSA_WARMUP=$2; shift 2 ;;
    --ec-warmup) need_value "$@"; EC_WARMUP=$2; shift 2 ;;
    --concurrency) need_value "$@"; CONCURRENCY=$2; shift 2 ;;
    --devices) need_value "$@"; DEVICES=$2; shift 2 ;;
    --threads) need_value "$@"; THREADS=$2; shift 2 ;;
    --jmh-args) need_value "$@"; JMH_ARGS=$2; shift 2 ;;
    --jmh-jvm-args) need_value "$@"; JMH_JVM_ARGS=$2; shift 2 ;;
    --out) need_value "$@"; OUT=$2; shift 2 ;;
    --skip-jmh) SKIP_JMH=1; shift ;;
    --skip-e2e) SKIP_E2E=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" 2 ;;
  esac
done

IFS=, read -r -a KEY_LIST <<<"$KEYS"
((${#KEY_LIST[@]})) || die "--keys is empty" 2
for k in "${KEY_LIST[@]}"; do
  [[ " ${KNOWN_KEYS[*]} " == *" $k "* ]] || die "unknown key '$k' (expected some of: ${KNOWN_KEYS[*]})" 2
done
for n in RSA_REQUESTS EC_REQUESTS CONCURRENCY DEVICES THREADS; do
  [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer, got '${!n}'" 2
done
[[ "$STACK_WARMUP" =~ ^[0-9]+$ ]] || die "STACK_WARMUP must be a non-negative integer, got '$STACK_WARMUP'" 2
((SKIP_JMH && SKIP_E2E)) && die "--skip-jmh and --skip-e2e together leave nothing to measure" 2
command -v java >/dev/null || die "java 17+ is required"
command -v python3 >/dev/null || die "python3 is required (JSON reports)"

requests_for() { [[ "$1" == rsa* ]] && echo "$RSA_REQUESTS" || echo "$EC_REQUESTS"; }
warmup_for() { [[ "$1" == rsa* ]] && echo "$RSA_WARMUP" || echo "$EC_WARMUP"; }
healthy() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:${PORT[$1]}/q/health/ready"; }
stack_up() { local s; for s in "${SERVICES[@]}"; do healthy "$s" || return 1; done; }
worker_jvm_flags() { # the JVM options the running issuance worker was started with, or nothing
  local pid
  pid=$(cat "$STATE/pids/issuance-worker.pid" 2>/dev/null) || return 0
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  tr '\0' '\n' <"/proc/$pid/cmdline" | sed -n '2,$p' | sed '/^-jar$/,$d' | paste -sd' ' -
}

# Fail before anything is measured when a part is missing.
if ((!SKIP_E2E)); then
  command -v curl >/dev/null || die "curl is required to check the stack's health"
  if ! "$STACK" load --help >/dev/null 2>&1; then
    die "'./stack load' is missing: the load generator (tools/load-generator and its './stack load' command) is
       being written by the load-generator helper of issue #4. Until it lands, run with --skip-e2e."
  fi
fi
if ((!SKIP_JMH)) && [[ ! -f "$JAR" ]]; then
  say "Building $JAR (mvn package, tests skipped) ..."
  (cd "$ROOT" && mvn -B -q -pl bench/pki-jmh -am -DskipTests package) || die "building the benchmarks failed"
fi

OUT="${OUT:-$ROOT/target/bench/$(date +%Y%m%dT%H%M%S)}"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

STACK_STARTED=0
if ((!SKIP_E2E)) && ! stack_up; then
  say "The stack is not up: ./stack up"
  "$STACK" up || die "./stack up failed"
  STACK_STARTED=1
fi
if stack_up 2>/dev/null; then STACK_STATE="up"; else STACK_STATE="down"; fi
WORKER_FLAGS=$(worker_jvm_flags)

# Machine facts, for the summary.
{
  echo "date=$(date -Iseconds)"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/^[^:]*: *//')"
  echo "memory_mb=$(awk '/MemTotal/ {printf "%d", $2/1024}' /proc/meminfo)"
  echo "java=$(java -version 2>&1 | paste -sd'|' -)"
  echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
  echo "stack=$STACK_STATE"
  echo "worker_jvm_flags=$WORKER_FLAGS"
  echo "jmh_args=$JMH_ARGS"
  echo "jmh_jvm_args=$JMH_JVM_ARGS"
  echo "threads=$THREADS"
  echo "concurrency=$CONCURRENCY"
  echo "stack_warmup=$STACK_WARMUP"
  echo "rsa_warmup=$RSA_WARMUP"
  echo "ec_warmup=$EC_WARMUP"
  echo "devices=$DEVICES"
} >"$OUT/machine.env"

say "Results in $OUT"
if ((!SKIP_E2E && STACK_WARMUP > 0)); then
  say ""
  say "== stack warm-up: $STACK_WARMUP ecP256 requests, not measured (the services' JIT compilers settle) =="
  "$STACK" load --requests "$STACK_WARMUP" --warmup 0 --concurrency "$CONCURRENCY" --key ecP256 \
    --devices "$DEVICES" --mode rest --scenario steady --verify-pfx 0 --progress lines \
    --report "$OUT/stack-warmup" >"$OUT/stack-warmup.log" 2>&1 \
    || die "the stack warm-up failed (see $OUT/stack-warmup.log)"
  grep -E 'issued/s' "$OUT/stack-warmup.log" | sed 's/^ */warm-up: /'
fi
for key in "${KEY_LIST[@]}"; do
  if ((!SKIP_JMH)); then
    # Right before the key's end-to-end run: the stack (if up) is idle, which still costs a little CPU.
    rm -f "$OUT/jmh-$key.json"
    say ""
    say "== $key: crypto limit, JMH IssuePfx with $THREADS threads (stack $STACK_STATE, idle) =="
    awk '{print $1}' /proc/loadavg >"$OUT/loadavg-before-jmh-$key"
    jvm=()
    [[ -n "$JMH_JVM_ARGS" ]] && jvm=(-jvmArgsAppend "$JMH_JVM_ARGS")
    # shellcheck disable=SC2086 # JMH_ARGS is a list of options
    java -jar "$JAR" 'IssuePfxBenchmark\.issuePfx$' -t "$THREADS" -p key="$key" $JMH_ARGS "${jvm[@]}" \
      -rf json -rff "$OUT/jmh-$key.json" 2>&1 | tee "$OUT/jmh-$key.log" \
      || die "the JMH run for $key failed (see $OUT/jmh-$key.log)"
  fi
  if ((!SKIP_E2E)); then
    n=$(requests_for "$key")
    say ""
    say "== $key: end to end, $n requests, concurrency $CONCURRENCY, $DEVICES devices =="
    rc=0
    rm -rf "${OUT:?}/e2e-$key"
    "$STACK" load --requests "$n" --warmup "$(warmup_for "$key")" --concurrency "$CONCURRENCY" --key "$key" \
      --devices "$DEVICES" --mode rest --scenario steady --report "$OUT/e2e-$key" 2>&1 | tee "$OUT/e2e-$key.log" || rc=$?
    echo "$rc" >"$OUT/e2e-$key.rc"
  fi
done

# Every JMH result in one file, as a single `-rff` run would have written it.
python3 - "$OUT" "$KEYS" <<'PY'
import json, os, sys
out, keys = sys.argv[1], sys.argv[2].split(",")
results = []
for key in keys:
    path = os.path.join(out, f"jmh-{key}.json")
    if os.path.exists(path):
        with open(path) as fh:
            results.extend(json.load(fh))
if results:
    with open(os.path.join(out, "jmh.json"), "w") as fh:
        json.dump(results, fh, indent=2)
PY

status=0
rm -f "$OUT/summary.md" "$OUT/summary.json"
python3 - "$OUT" "$KEYS" "$SKIP_JMH" "$SKIP_E2E" "$STACK_STARTED" <<'PY' || status=$?
import json, os, sys

out, keys, skip_jmh, skip_e2e, stack_started = sys.argv[1], sys.argv[2].split(","), sys.argv[3] == "1", sys.argv[4] == "1", sys.argv[5] == "1"
machine = {}
with open(os.path.join(out, "machine.env")) as fh:
    for line in fh:
        name, _, value = line.rstrip("\n").partition("=")
        machine[name] = value
machine["java"] = machine["java"].replace("|", "; ")


def load(path):
    try:
        with open(path) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def read(path):
    try:
        with open(path) as fh:
            return fh.read().strip()
    except OSError:
        return None


def finite(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if value == value else None


rows, problems = [], []
for key in keys:
    row = {"key": key}
    if not skip_jmh:
        jmh = load(os.path.join(out, f"jmh-{key}.json"))
        if jmh:
            metric = jmh[0]["primaryMetric"]
            row["cryptoLimit"] = {
                "opsPerSecond": metric["score"],
                "error": finite(metric.get("scoreError")),
                "unit": metric["scoreUnit"],
                "threads": jmh[0]["threads"],
                "jvmArgs": jmh[0].get("jvmArgs", []),
                "loadAverageBefore": read(os.path.join(out, f"loadavg-before-jmh-{key}")),
            }
        else:
            problems.append(f"{key}: no JMH result")
    if not skip_e2e:
        rc = int(read(os.path.join(out, f"e2e-{key}.rc")) or "1")
        report = load(os.path.join(out, f"e2e-{key}", "report.json"))
        if report is None:
            problems.append(f"{key}: no end-to-end report (load generator exit status {rc})")
        else:
            row["endToEnd"] = {name: report.get(name) for name in
                               ("requests", "issued", "failed", "duplicates", "issuedPerSecond", "latencyMs")}
            row["endToEnd"]["exitStatus"] = rc
            counters = report.get("workerCounters") or {}
            row["endToEnd"]["keyPoolHits"] = counters.get("pkcs_issuance_key_pool_hits_total")
            if report.get("failed"):
                problems.append(f"{key}: failed requests: {report['failed']}")
            if report.get("duplicates"):
                problems.append(f"{key}: duplicates: {report['duplicates']}")
            if rc != 0:
                problems.append(f"{key}: the load generator exited with status {rc}")
    limit = row.get("cryptoLimit", {}).get("opsPerSecond")
    e2e = (row.get("endToEnd") or {}).get("issuedPerSecond")
    row["ratioPercent"] = round(100.0 * e2e / limit, 1) if limit and e2e is not None else None
    rows.append(row)


def num(value, digits=1):
    try:
        value = float(value)  # JMH writes "NaN" as a string when it has too few samples for an error
    except (TypeError, ValueError):
        return "–"
    return "–" if value != value else f"{value:,.{digits}f}"


threads = machine["threads"]
lines = [
    f"# Issuance throughput, {machine['date']}",
    "",
    f"| key | crypto limit (ops/s, JMH, {threads} threads) | end-to-end issued/s | e2e / limit | p50 ms | p99 ms | failed | duplicates |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
]
for row in rows:
    c, e = row.get("cryptoLimit"), row.get("endToEnd")
    lat = (e or {}).get("latencyMs") or {}
    limit = "–" if not c else num(c["opsPerSecond"]) + ("" if num(c["error"]) == "–" else f" ± {num(c['error'])}")
    ratio = "–" if row["ratioPercent"] is None else f"{row['ratioPercent']} %"
    lines.append(
        f"| {row['key']} | {limit} | {num((e or {}).get('issuedPerSecond'))} | {ratio} | {num(lat.get('p50'), 0)} "
        f"| {num(lat.get('p99'), 0)} | {'–' if not e else e.get('failed')} | {'–' if not e else e.get('duplicates')} |")
lines += [
    "",
    f"- Machine: {machine['nproc']} cores ({machine['cpu']}), {machine['memory_mb']} MB; {machine['java']}",
    f"- Code: {machine['commit']}",
]
if not skip_jmh:
    fork = f", fork JVM `{machine['jmh_jvm_args']}`" if machine["jmh_jvm_args"] else ""
    when = "right before each key's end-to-end run, " if not skip_e2e else ""
    idle = " and idle (its idle services cost a little CPU)" if machine["stack"] == "up" else ""
    lines.append(f"- Crypto limit: JMH `IssuePfx` (validate, prepare, sign, PKCS#12, password wrap; no database or "
                 f"Kafka), `-t {threads} {machine['jmh_args']}`{fork}; measured {when}with the stack "
                 f"{machine['stack']}{idle}.")
if not skip_e2e:
    lines.append(f"- End to end: `./stack load --mode rest --scenario steady --concurrency {machine['concurrency']} "
                 f"--devices {machine['devices']}`; requests per key: "
                 + ", ".join(f"{r['key']} {r['endToEnd']['requests']}" for r in rows if r.get("endToEnd"))
                 + f" after a stack warm-up of {machine.get('stack_warmup', '0')} ecP256 requests and a warm-up of rsa"
                 + f" {machine['rsa_warmup']} / ec {machine['ec_warmup']} requests per key.")
    hits = [f"{r['key']} {int(r['endToEnd']['keyPoolHits'])}" for r in rows
            if r.get("endToEnd") and r["endToEnd"].get("keyPoolHits")]
    if hits:
        lines.append("- Requests that took a key pair generated in advance by the worker's key pool (made while it "
                     "was idle, so not in the measured CPU): " + ", ".join(hits) + ".")
if machine["worker_jvm_flags"]:
    lines.append(f"- issuance-worker JVM flags: `{machine['worker_jvm_flags']}`")
    if "TieredStopAtLevel=1" in machine["worker_jvm_flags"] and "TieredStopAtLevel=1" not in machine["jmh_jvm_args"]:
        lines.append("  (C1 only: the worker lacks C2's BigInteger and SHA-256 intrinsics that the JMH fork has; "
                     "`--jmh-jvm-args \"-XX:TieredStopAtLevel=1\"` measures the limit under the worker's compiler)")
if stack_started:
    lines.append("- The stack was started by this run and is still up (`./stack down`).")
if problems:
    lines += ["", "**Problems:** " + "; ".join(problems)]
summary = "\n".join(lines) + "\n"

with open(os.path.join(out, "summary.md"), "w") as fh:
    fh.write(summary)
with open(os.path.join(out, "summary.json"), "w") as fh:
    json.dump({"machine": machine, "results": rows, "problems": problems, "ok": not problems}, fh, indent=2)
print()
print(summary, end="")
sys.exit(1 if problems else 0)
PY
[[ -f "$OUT/summary.md" ]] || die "writing the summary failed (results are in $OUT)"
say ""
say "Written: $OUT/summary.md, $OUT/summary.json"
exit "$status"
