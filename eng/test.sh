#!/usr/bin/env bash
# Runs the whole test suite (Release build), printing a final summary line
#   N passed, N failed, N skipped
# computed from the .trx files in TestResults/.
#
# Environment:
#   CNC_TEST_PG   admin connection string for the tests (they create and use
#                 their own cnc_test_* databases); default: the local "cnc"
#                 cluster from eng/lib/postgres.sh with Database=postgres
#   CNC_PG_PORT   port of the local cluster (default 55432)
# Exported to the tests:
#   CNC_TEST_PG, CNC_SCREENSHOT_DIR (= TestResults/screenshots, absolute)
#   CNC_SKIP_BENCH_SMOKE  set to skip the benchmark smoke run (e.g. with --filter)
# Extra arguments are passed to "dotnet test" (e.g. --filter ...).
set -euo pipefail

start=$SECONDS
print_wall_time() {
    local t=$((SECONDS - start))
    printf 'Total wall time: %dm%02ds\n' $((t / 60)) $((t % 60))
}
trap print_wall_time EXIT

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# shellcheck source=eng/lib/postgres.sh
source "$REPO/eng/lib/postgres.sh"

SLN=CarbonNeutralConsortium.sln
[[ -f "$SLN" ]] || SLN=CarbonNeutralConsortium.slnx
[[ -f "$SLN" ]] || cnc_die "CarbonNeutralConsortium.sln not found in $REPO"

command -v dotnet >/dev/null 2>&1 || cnc_die "the .NET SDK is not installed: install .NET SDK 10.0.401 or later (see global.json)"

RESULTS="$REPO/TestResults"
mkdir -p "$RESULTS/screenshots"
find "$RESULTS" -type f -name '*.trx' -delete
export CNC_SCREENSHOT_DIR="$RESULTS/screenshots"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

# PostgreSQL (the tests create their own cnc_test_* databases; cnc_dev is
# never touched here).
if [[ -z "${CNC_TEST_PG:-}" ]]; then
    cnc_pg_ensure
    export CNC_TEST_PG="$CNC_PG_BASE;Database=postgres"
else
    cnc_log "CNC_TEST_PG is set: using that PostgreSQL server"
fi

# Chromium for the browser tests, CJK fonts for Korean text in screenshots.
if [[ ! -x /usr/bin/chromium ]]; then
    cnc_apt_install chromium fonts-noto-cjk
fi
fonts="$(fc-list : family 2>/dev/null || true)"
if ! grep -qi 'Noto Sans CJK' <<<"$fonts"; then
    cnc_apt_install fonts-noto-cjk fontconfig
fi

cnc_log "dotnet tool restore"
dotnet tool restore
cnc_log "dotnet build (Release)"
dotnet build "$SLN" -c Release -nologo

cnc_log "dotnet test"
test_rc=0
dotnet test "$SLN" -c Release --no-build \
    --logger "console;verbosity=normal" --logger trx \
    --results-directory "$RESULTS" \
    --blame-hang-timeout 10m --blame-hang-dump-type mini \
    "$@" || test_rc=$?

# A small-scale smoke run of the benchmark harness (generate, start the portal,
# measure, load with wrk, report): proves ./eng/bench.sh works; its figures are
# not asserted (timings never are).
bench_rc=0
if [[ -z "${CNC_SKIP_BENCH_SMOKE:-}" ]]; then
    cnc_log "benchmark smoke run: ./eng/bench.sh --scale small --quick"
    ./eng/bench.sh --scale small --quick --no-build --out "$RESULTS/bench-small" || bench_rc=$?
fi

# Sum the <Counters .../> of every .trx written by this run.
# Skipped = total - executed (VSTest leaves notExecuted at 0 for skipped
# tests); error/timeout/aborted are counted as failures.
counters=""
while IFS= read -r -d '' trx; do
    counters+="$(grep -o '<Counters [^>]*>' "$trx" || true)"$'\n'
done < <(find "$RESULTS" -type f -name '*.trx' -print0)
read -r passed failed skipped trx_files < <(
    awk -v files="$(find "$RESULTS" -type f -name '*.trx' | wc -l)" '
        function attr(name,   m) {
            if (match($0, " " name "=\"[0-9]+\"")) {
                m = substr($0, RSTART, RLENGTH)
                gsub(/[^0-9]/, "", m)
                return m + 0
            }
            return 0
        }
        /<Counters / {
            p += attr("passed")
            f += attr("failed") + attr("error") + attr("timeout") + attr("aborted")
            # VSTest reports skipped tests only as total - executed.
            sk = attr("total") - attr("executed")
            if (sk < attr("notExecuted")) sk = attr("notExecuted")
            s += sk
        }
        END { printf "%d %d %d %d\n", p, f, s, files }
    ' <<<"$counters"
)

echo
printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"

if ((test_rc != 0)); then
    cnc_log "dotnet test failed (exit code $test_rc)"
    exit "$test_rc"
fi
if ((bench_rc != 0)); then
    cnc_log "the benchmark smoke run failed (exit code $bench_rc); see $RESULTS/bench-small"
    exit "$bench_rc"
fi
if ((trx_files == 0)); then
    cnc_log "no .trx results found in $RESULTS"
    exit 1
fi
if ((failed > 0)); then
    cnc_log "$failed test(s) failed"
    exit 1
fi
if ((passed == 0)); then
    cnc_log "no test passed"
    exit 1
fi
