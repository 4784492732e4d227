#!/usr/bin/env bash
# Dynamic security scan of the portal (issue 8), a separate command (not part of eng/test.sh):
#   1. ensures wapiti, sqlmap, oathtool and openssl (Debian packages) and the local PostgreSQL cluster;
#   2. builds the portal and the CLI (Release) unless --no-build;
#   3. creates a fresh database cnc_scan_<pid>, migrates it and seeds the demo data (as eng/run.sh does);
#   4. generates a throw-away self-signed certificate and starts the Release build over HTTPS on a free
#      loopback port (Production environment: the exception handler, HSTS and the __Host- cookies as
#      deployed; e-mails go to a pickup folder in the temporary directory);
#   5. signs in with curl as each role (anonymous, SME user, institute coordinator, agency admin; a TOTP
#      code from oathtool when the login asks for the second step) and, per role, in parallel:
#        - wapiti (crawl + attack modules, bounded by --max-scan-time / --max-attack-time),
#        - sqlmap (--batch, --level 1 --risk 1) on every crawled URL with query parameters and every
#          crawled POST form (antiforgery token refreshed with --csrf-token/--csrf-url);
#   6. writes TestResults/scan/summary.md (+ summary.json, the raw reports and the server log) and prints it;
#   7. stops the portal, drops the database it created and removes the temporary directory.
# Exit status: 0 = no high/medium wapiti finding and no sqlmap injection; 1 = findings; 2 = the scan
# itself failed (a role could not sign in, a scanner produced no report, ...).
#
# Time bound (defaults; the four roles run in parallel): wapiti crawls SCAN_WAPITI_TIME=90 s, then each of
# its 13 modules attacks at most SCAN_WAPITI_ATTACK_TIME=25 s (hard kill at crawl + 13 x attack + 120 s);
# then sqlmap SCAN_SQLMAP_TIME=180 s per role (each target at most SCAN_SQLMAP_TARGET_TIME=60 s).
# Worst case about 13 minutes after the build; typically about 10.
#
# Usage: ./eng/scan.sh [--no-build] [--out DIR] [--keep-db]
set -euo pipefail

start=$SECONDS
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# shellcheck source=eng/lib/postgres.sh
source "$REPO/eng/lib/postgres.sh"

build=1 out="" keep_db=""
while (($#)); do
    case "$1" in
        --no-build) build=""; shift ;;
        --out) out="${2:?--out needs a folder}"; shift 2 ;;
        --keep-db) keep_db=1; shift ;;
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        *) cnc_die "unknown option '$1' (see $0 --help)" ;;
    esac
done
WAPITI_TIME="${SCAN_WAPITI_TIME:-90}"
WAPITI_ATTACK_TIME="${SCAN_WAPITI_ATTACK_TIME:-25}"
SQLMAP_TIME="${SCAN_SQLMAP_TIME:-180}"
SQLMAP_TARGET_TIME="${SCAN_SQLMAP_TARGET_TIME:-60}"
for v in WAPITI_TIME WAPITI_ATTACK_TIME SQLMAP_TIME SQLMAP_TARGET_TIME; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || cnc_die "SCAN_$v must be a number of seconds, not '${!v}'"
done

out="${out:-$REPO/TestResults/scan}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -rf "${out:?}"/wapiti "${out:?}"/sqlmap "${out:?}"/roles
mkdir -p "$out/wapiti" "$out/sqlmap" "$out/roles"

command -v dotnet >/dev/null 2>&1 || cnc_die "the .NET SDK is not installed: install .NET SDK 10.0.401 or later (see global.json)"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

missing=()
for tool in wapiti:wapiti sqlmap:sqlmap oathtool:oathtool openssl:openssl curl:curl; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
((${#missing[@]} == 0)) || cnc_apt_install "${missing[@]}"
cnc_pg_ensure

if [[ -n "$build" ]]; then
    cnc_log "building the portal and the CLI (Release)"
    dotnet build src/CarbonNeutralConsortium.Web -c Release -nologo -v q
    dotnet build src/CarbonNeutralConsortium.Cli -c Release -nologo -v q
fi
web_dll="$REPO/src/CarbonNeutralConsortium.Web/bin/Release/net10.0/CarbonNeutralConsortium.Web.dll"
cli_dll="$REPO/src/CarbonNeutralConsortium.Cli/bin/Release/net10.0/cnc.dll"
[[ -f "$web_dll" && -f "$cli_dll" ]] || cnc_die "no Release build found: run without --no-build"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/cnc-scan.XXXXXX")"
db="cnc_scan_$$"
db_created="" app_pid=""
cleanup() {
    local status=$?
    if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
        kill "$app_pid" 2>/dev/null || true
        wait "$app_pid" 2>/dev/null || true
    fi
    [[ -f "$tmp/server.log" ]] && cp "$tmp/server.log" "$out/server.log"
    # Only the database this run created, never another one.
    if [[ -n "$db_created" && -z "$keep_db" && "$db" =~ ^cnc_scan_[0-9]+$ ]]; then
        _cnc_psql -v db="$db" <<'SQL' >/dev/null || cnc_log "could not drop $db"
DROP DATABASE IF EXISTS :"db" WITH (FORCE);
SQL
    fi
    [[ -n "$keep_db" && -n "$db_created" ]] && cnc_log "kept database $db (--keep-db)"
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- fresh database with the demo data ----------------------------------------------------------
exists="$(_cnc_psql -tA -v db="$db" <<'SQL'
SELECT count(*) FROM pg_database WHERE datname = :'db';
SQL
)"
[[ "$exists" == 0 ]] || cnc_die "database $db already exists (left over by an earlier run with this pid?); drop it or retry"
cnc_pg_create_db "$db"
db_created=1
export ConnectionStrings__Default="$CNC_PG_BASE;Database=$db"
cnc_log "database $db: migrating and seeding the demo data"
# The demo seeder refuses Production; the CLI runs as Development, only the web app below runs as Production.
DOTNET_ENVIRONMENT=Development dotnet "$cli_dll" migrate >"$tmp/cli.log" 2>&1 || { cat "$tmp/cli.log" >&2; cnc_die "migrate failed"; }
DOTNET_ENVIRONMENT=Development dotnet "$cli_dll" seed demo >>"$tmp/cli.log" 2>&1 || { cat "$tmp/cli.log" >&2; cnc_die "seed demo failed"; }

# --- HTTPS on a free loopback port --------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1 || cnc_die "openssl could not create the certificate"
port=""
for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! cnc_port_in_use "$candidate"; then port=$candidate; break; fi
done
[[ -n "$port" ]] || cnc_die "no free port found"
base="https://127.0.0.1:$port"

mkdir -p "$tmp/mail"
(
    cd "$REPO/src/CarbonNeutralConsortium.Web"
    exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
        ASPNETCORE_URLS="$base" \
        Kestrel__Certificates__Default__Path="$tmp/cert.pem" \
        Kestrel__Certificates__Default__KeyPath="$tmp/key.pem" \
        Email__Delivery=PickupDirectory Email__PickupDirectory="$tmp/mail" Email__PublicBaseUrl="$base" \
        dotnet "$web_dll"
) >"$tmp/server.log" 2>&1 &
app_pid=$!
cnc_log "portal (Release, Production) starting on $base"
for _ in $(seq 1 120); do
    curl -ksf -o /dev/null "$base/health/ready" && break
    kill -0 "$app_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; cnc_die "the portal exited during start-up"; }
    sleep 1
done
curl -ksf -o /dev/null "$base/health/ready" || { tail -50 "$tmp/server.log" >&2; cnc_die "the portal did not become ready"; }

# --- sign in per role ---------------------------------------------------------------------------
DEMO_PASSWORD="consortium-demo-2026"
DEMO_TOTP_KEY="CNCDEMOTOTPKEY234567CNCDEMOTOTPK"
roles=(anonymous sme coordinator admin)
declare -A role_email=(
    [sme]="ceo@greenchem.example"
    [coordinator]="coordinator@etri.example"
    [admin]="admin@keit.example"
)

# Prints the value of the antiforgery token hidden field of an HTML page (file $1).
form_token() {
    grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' "$1" | head -1 | sed 's/.*value="\([^"]*\)".*/\1/'
}

# sign_in ROLE: leaves the cookie jar in $tmp/ROLE.jar; fails unless the session is signed in.
sign_in() {
    local role="$1" email="${role_email[$1]}" jar="$tmp/$1.jar" page="$tmp/$1.page" token location code
    curl -ks -c "$jar" -b "$jar" -o "$page" "$base/Identity/Account/Login"
    token="$(form_token "$page")"
    [[ -n "$token" ]] || { cnc_log "$role: no antiforgery token on the login page"; return 1; }
    location="$(curl -ks -c "$jar" -b "$jar" -o "$page" -w '%{redirect_url}' \
        --data-urlencode "Input.Email=$email" --data-urlencode "Input.Password=$DEMO_PASSWORD" \
        --data-urlencode "__RequestVerificationToken=$token" "$base/Identity/Account/Login")"
    if [[ "$location" == *"/Identity/Account/LoginWith2fa"* ]]; then
        curl -ks -c "$jar" -b "$jar" -o "$page" "$location"
        token="$(form_token "$page")"
        # The code form posts to its own address (the first form of the page is the layout's language switch).
        local action="${location#"$base"}"
        code="$(oathtool --totp -b "$DEMO_TOTP_KEY")"
        location="$(curl -ks -c "$jar" -b "$jar" -o "$page" -w '%{redirect_url}' \
            --data-urlencode "Input.Code=$code" --data-urlencode "__RequestVerificationToken=$token" \
            "$base$action")"
        cnc_log "$role: signed in with a TOTP code"
    fi
    # Signed in = the layout offers the sign-out form.
    signed_in "$(cookie_header "$jar")" || { cnc_log "$role ($email): sign-in failed (after login -> '${location}')"; return 1; }
}

# signed_in COOKIE_HEADER: the home page of that session shows the sign-out form.
signed_in() {
    local home
    home="$(curl -ksL -H "Cookie: $1" "$base/")"
    [[ "$home" == *"/Identity/Account/Logout"* ]]
}

# A "Cookie:" header value from a curl cookie jar (all cookies of the jar).
cookie_header() {
    awk 'BEGIN { FS = "\t" } /^#HttpOnly_/ { sub(/^#HttpOnly_/, "") } /^#/ || NF < 7 { next } { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$1"
}

declare -A role_cookie=()
for role in "${roles[@]}"; do
    if [[ "$role" == anonymous ]]; then
        # Anonymous: only the antiforgery cookie, so that the scanners' form posts are valid.
        curl -ks -c "$tmp/$role.jar" -o /dev/null "$base/Identity/Account/Login"
    else
        sign_in "$role" || { cnc_log "aborting: $role could not sign in"; exit 2; }
    fi
    role_cookie[$role]="$(cookie_header "$tmp/$role.jar")"
done
cnc_log "signed in: ${roles[*]}"

# --- scanners -----------------------------------------------------------------------------------
# Requests that would end the scanning session or lock the account out are never crawled:
# sign-out, sign-out everywhere, the authenticator reset/disable and the admin's account actions,
# whose security-stamp change signs a session out, and erasure.
excludes=(
    "$base/Identity/Account/Logout*"
    "$base/Account?handler=SignOutEverywhere*"
    "$base/*SignOutEverywhere*"
    "$base/*ResetAuthenticator*"
    "$base/*Disable2fa*"
    "$base/*ChangePassword*"
    # The admin's account actions end the other roles' scanning sessions (a new security stamp) or erase the
    # scanned accounts; they are covered by the tests and the authorization matrix.
    "$base/*handler=Erase*"
    "$base/*handler=Deactivate*"
    "$base/*handler=ResetTwoFactor*"
    "$base/*handler=Role*"
)
# Modules: wapiti 3.0.4's default set, plus crlf, methods and csrf, minus:
#   ssrf and xxe: their detection needs wapiti's external callback server (wapiti3.ovh), which a
#     loopback scan cannot reach (and which would receive data of the scanned site);
# not added: backup/buster/nikto/htaccess (file brute force; Kestrel serves only wwwroot and mapped
#   endpoints), brute_login_form (password guessing; login is rate-limited), shellshock (no CGI),
#   wapp (fingerprinting only, no findings).
modules="blindsql,cookieflags,csp,exec,file,http_headers,permanentxss,redirect,sql,xss,crlf,methods,csrf"

# The interpreter of the wapiti package (its shebang), not whichever python3 comes first on PATH.
wapiti_python="$(head -1 "$(command -v wapiti)" | sed 's/^#! *//; s/ .*//')"

run_wapiti() {
    local role="$1" dir="$out/wapiti/$1" args=()
    mkdir -p "$dir"
    for x in "${excludes[@]}"; do args+=(-x "$x"); done
    [[ -n "${role_cookie[$role]}" ]] && args+=(-H "Cookie: ${role_cookie[$role]}")
    # wapiti 3.0.4 (Debian 12) compiles -x patterns with a trailing "(?ms)", which Python 3.11 rejects
    # ("global flags not at the start"): the wrapper puts the flags first, then runs wapiti unchanged.
    # --max-scan-time bounds the crawl only (wapiti 3.0.4), --max-attack-time each module: hence the hard limit.
    timeout --kill-after=10 $((WAPITI_TIME + 13 * WAPITI_ATTACK_TIME + 120)) \
        "$wapiti_python" -c 'import re, sys
import wapitiCore.net.crawler as crawler
crawler.wildcard_translate = lambda p: re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in p) + r"\Z")
from wapitiCore.main.wapiti import wapiti_main
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())' -u "$base/" --scope folder -m "$modules" "${args[@]}" \
            --max-scan-time "$WAPITI_TIME" --max-attack-time "$WAPITI_ATTACK_TIME" \
            --max-files-per-dir 40 -d 6 -t 20 --verify-ssl 0 --flush-session \
            --store-session "$tmp/wapiti-$role" --store-config "$tmp/wapiti-config-$role" \
            --no-bugreport -f json -o "$dir/report.json" -v 1 >"$dir/wapiti.log" 2>&1
}

# Writes the sqlmap targets (crawled GET URLs with a query, crawled POST forms) of a role as TSV:
# method, url, post data, referer (the page with the form, for --csrf-url).
sqlmap_targets() {
    "$wapiti_python" - "$tmp/wapiti-$1" <<'PY'
import glob, sqlite3, sys, urllib.parse
files = glob.glob(sys.argv[1] + "/*.db")
if not files:
    sys.exit(0)
con = sqlite3.connect(files[0])
seen = set()
skip = ("logout", "signouteverywhere", "resetauthenticator", "disable2fa", "changepassword", "/culture")
for path_id, path, method, referer in con.execute(
        "SELECT path_id, path, method, referer FROM paths WHERE evil = 0 ORDER BY path_id"):
    if any(s in path.lower() for s in skip):
        continue
    params = list(con.execute(
        "SELECT type, name, value1 FROM params WHERE path_id = ? ORDER BY type, param_order", (path_id,)))
    get = [(n, v or "") for t, n, v in params if t.upper() == "GET"]
    post = [(n, v or "") for t, n, v in params if t.upper() == "POST"]
    names = [n for n, _ in get + post if n != "__RequestVerificationToken"]
    if not names:
        continue
    key = (method, urllib.parse.urlsplit(path).path, tuple(sorted(names)))
    if key in seen:
        continue
    seen.add(key)
    url = path + ("?" + urllib.parse.urlencode(get) if get else "")
    data = urllib.parse.urlencode(post) if method == "POST" else ""
    print("\t".join([method, url, data, referer or ""]))
PY
}

run_sqlmap() {
    local role="$1" dir="$out/sqlmap/$1" deadline=$((SECONDS + SQLMAP_TIME)) n=0 skipped=0
    mkdir -p "$dir/output"
    sqlmap_targets "$role" >"$dir/targets.tsv" || true
    : >"$dir/tested.tsv"
    while IFS=$'\t' read -r method url data referer; do
        local left=$((deadline - SECONDS))
        if ((left < 10)); then skipped=$((skipped + 1)); continue; fi
        ((left > SQLMAP_TARGET_TIME)) && left=$SQLMAP_TARGET_TIME
        n=$((n + 1))
        local args=(-u "$url" --batch --level 1 --risk 1 --technique BEU --timeout 15 --retries 1
                    --output-dir "$dir/output" --skip "__RequestVerificationToken" --skip-static --disable-coloring)
        [[ -n "${role_cookie[$role]}" ]] && args+=(--cookie "${role_cookie[$role]}" --drop-set-cookie)
        if [[ "$method" == POST ]]; then
            args+=(--data "$data")
            if [[ "$data" == *__RequestVerificationToken* ]]; then
                # (sqlmap refuses --threads together with --csrf-url)
                args+=(--csrf-token __RequestVerificationToken --csrf-url "${referer:-$url}")
            fi
        else
            args+=(--threads 2)
        fi
        local status=0
        timeout --kill-after=5 "$left" sqlmap "${args[@]}" >"$dir/run-$n.log" 2>&1 || status=$?
        printf '%s\t%s\t%s\t%s\n' "$method" "$url" "$data" "$status" >>"$dir/tested.tsv"
    done <"$dir/targets.tsv"
    echo "$skipped" >"$dir/skipped"
}

scan_role() {
    local role="$1" t0=$SECONDS
    run_wapiti "$role" || echo "wapiti exit $?" >"$out/roles/$role.wapiti-status"
    local t1=$SECONDS
    run_sqlmap "$role"
    printf '{"wapiti_seconds": %d, "sqlmap_seconds": %d}\n' $((t1 - t0)) $((SECONDS - t1)) >"$out/roles/$role.json"
}

cnc_log "scanning as ${roles[*]} in parallel (wapiti: crawl <= ${WAPITI_TIME}s + <= ${WAPITI_ATTACK_TIME}s per module; then sqlmap <= ${SQLMAP_TIME}s per role)"
pids=()
for role in "${roles[@]}"; do
    scan_role "$role" &
    pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done

# Sessions still signed in at the end (a scan that lost its session would have crawled little).
for role in sme coordinator admin; do
    if signed_in "${role_cookie[$role]}"; then echo 200; else echo lost; fi >"$out/roles/$role.session-end"
done

# --- summary ------------------------------------------------------------------------------------
set +e
"$wapiti_python" "$REPO/eng/lib/scan_summary.py" "$out" "$tmp" "$((SECONDS - start))" "${roles[@]}"
result=$?
set -e
cnc_log "summary: $out/summary.md"
exit "$result"
