#!/usr/bin/env bash
# The benchmark harness, end to end (issue 5; targets in QUALITY.md):
#   1. ensures the local PostgreSQL cluster and wrk (Debian package);
#   2. builds the portal, the CLI and the harness (Release);
#   3. generates the data set into a fresh database cnc_bench_<scale> with
#      "cnc generate" (binary COPY) and a random password for its users;
#   4. runs the harness (tests/CarbonNeutralConsortium.Benchmarks): starts the
#      portal on a free loopback port, measures server time of the hot
#      operations, loads the hot pages with wrk -c32 next to a raw-Npgsql
#      reference render, samples memory, EXPLAINs the hot queries;
#   5. writes report.md and report.json into the output folder; a full-scale,
#      non-quick run also becomes tests/CarbonNeutralConsortium.Benchmarks/RESULTS.md;
#   6. drops the database (unless --keep).
#
# Usage: ./eng/bench.sh [--scale full|small] [--seed N] [--quick] [--keep] [--out DIR] [--no-build]
#   --scale  full = QUALITY.md's data set (default); small = one hundredth
#   --quick  few iterations and 2-second loads (the test suite's smoke run)
#   --out    report folder (default TestResults/bench-<scale>)
#   --no-build  use the existing Release build (eng/test.sh has just built it)
set -euo pipefail

start=$SECONDS
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# shellcheck source=eng/lib/postgres.sh
source "$REPO/eng/lib/postgres.sh"

scale=full seed=42 quick="" keep="" out="" build=1
while (($#)); do
    case "$1" in
        --scale) scale="${2:?--scale needs full or small}"; shift 2 ;;
        --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
        --quick) quick=1; shift ;;
        --keep) keep=1; shift ;;
        --no-build) build=""; shift ;;
        --out) out="${2:?--out needs a folder}"; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) cnc_die "unknown option '$1' (see $0 --help)" ;;
    esac
done
[[ "$scale" == full || "$scale" == small ]] || cnc_die "--scale must be full or small, not '$scale'"
[[ "$seed" =~ ^[0-9]+$ ]] || cnc_die "--seed must be a number, not '$seed'"
out="${out:-$REPO/TestResults/bench-$scale}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

command -v dotnet >/dev/null 2>&1 || cnc_die "the .NET SDK is not installed: install .NET SDK 10.0.401 or later (see global.json)"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

cnc_pg_ensure
command -v wrk >/dev/null 2>&1 || cnc_apt_install wrk

if [[ -n "$build" ]]; then
    cnc_log "building the portal, the CLI and the harness (Release)"
    for project in src/CarbonNeutralConsortium.Web src/CarbonNeutralConsortium.Cli tests/CarbonNeutralConsortium.Benchmarks; do
        dotnet build "$project" -c Release -nologo -v q
    done
fi

db="cnc_bench_$scale"
cleanup() {
    if [[ -z "$keep" ]]; then
        cnc_pg_drop_bench_db "$db" || true
    else
        cnc_log "kept database $db"
    fi
    local t=$((SECONDS - start))
    printf 'bench.sh wall time: %dm%02ds\n' $((t / 60)) $((t % 60))
}
trap cleanup EXIT
cnc_pg_drop_bench_db "$db"
cnc_pg_create_db "$db"
connection="$CNC_PG_BASE;Database=$db"

# A password for this run's generated users only (the database is dropped at the end).
password="bench-$(head -c 48 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9' | head -c 24)"

cnc_log "generating the $scale data set (seed $seed) into $db"
ConnectionStrings__Default="$connection" CNC_GENERATE_PASSWORD="$password" \
    dotnet src/CarbonNeutralConsortium.Cli/bin/Release/net10.0/cnc.dll generate --scale "$scale" --seed "$seed" \
    | tee "$out/generate.log"

# The dashboards' statistics: the first (full) build, then an incremental refresh, timed (the app refreshes every two minutes).
cnc_log "building the dashboards' statistics"
ConnectionStrings__Default="$connection" dotnet src/CarbonNeutralConsortium.Cli/bin/Release/net10.0/cnc.dll stats refresh | tee "$out/stats.log"
ConnectionStrings__Default="$connection" dotnet src/CarbonNeutralConsortium.Cli/bin/Release/net10.0/cnc.dll stats refresh | tee -a "$out/stats.log"

cnc_log "running the harness"
args=(run --app "$REPO/src/CarbonNeutralConsortium.Web/bin/Release/net10.0/CarbonNeutralConsortium.Web.dll"
      --out "$out" --scale "$scale" --generation-log "$out/generate.log")
[[ -n "$quick" ]] && args+=(--quick)
CNC_BENCH_DB="$connection" CNC_BENCH_PASSWORD="$password" \
    dotnet tests/CarbonNeutralConsortium.Benchmarks/bin/Release/net10.0/CarbonNeutralConsortium.Benchmarks.dll "${args[@]}"

if [[ "$scale" == full && -z "$quick" ]]; then
    cp "$out/report.md" tests/CarbonNeutralConsortium.Benchmarks/RESULTS.md
    cnc_log "tests/CarbonNeutralConsortium.Benchmarks/RESULTS.md updated"
fi
cnc_log "report: $out/report.md"
