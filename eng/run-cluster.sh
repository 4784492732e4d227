#!/usr/bin/env bash
# Runs two instances of the portal (Release build) behind nginx on loopback, as in production behind a load
# balancer: nginx terminates TLS (a throw-away self-signed certificate) on a free loopback port and spreads the
# requests round-robin over the two instances (plain HTTP on two free loopback ports, X-Forwarded-Proto https).
# Both use the development database cnc_dev (migrated and seeded with the demo data, as eng/run.sh does); the
# data-protection keys, sessions, outbox and jobs are shared through PostgreSQL.
#
#   ./eng/run-cluster.sh            start, print the URL, stop everything on Ctrl+C
#   ./eng/run-cluster.sh --smoke    start, sign in through nginx with curl, post forms whose page came from the
#                                   other instance, check both instances served, stop; exit 0 when all held
#   --no-build                      use the existing Release build
#
# Environment: ConnectionStrings__Default (else the local cluster's cnc_dev), CNC_PG_PORT.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# shellcheck source=eng/lib/postgres.sh
source "$REPO/eng/lib/postgres.sh"

smoke=0
build=1
for arg in "$@"; do
    case "$arg" in
        --smoke) smoke=1 ;;
        --no-build) build=0 ;;
        *) cnc_die "unknown argument '$arg' (use --smoke, --no-build)" ;;
    esac
done

command -v dotnet >/dev/null 2>&1 || cnc_die "the .NET SDK is not installed"
command -v nginx >/dev/null 2>&1 || cnc_apt_install nginx
command -v openssl >/dev/null 2>&1 || cnc_apt_install openssl
command -v curl >/dev/null 2>&1 || cnc_apt_install curl

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development
if [[ -z "${ConnectionStrings__Default:-}" ]]; then
    cnc_pg_ensure
    cnc_pg_create_db cnc_dev
    export ConnectionStrings__Default="$CNC_PG_BASE;Database=cnc_dev"
fi

if ((build)); then
    cnc_log "dotnet build (Release): web and CLI"
    dotnet build src/CarbonNeutralConsortium.Web -c Release -nologo -v q
    dotnet build src/CarbonNeutralConsortium.Cli -c Release -nologo -v q
fi
web_dll="$REPO/src/CarbonNeutralConsortium.Web/bin/Release/net10.0/CarbonNeutralConsortium.Web.dll"
cli_dll="$REPO/src/CarbonNeutralConsortium.Cli/bin/Release/net10.0/cnc.dll"
[[ -f "$web_dll" && -f "$cli_dll" ]] || cnc_die "no Release build: run without --no-build"

cnc_log "applying migrations and seeding the demo data (cnc_dev)"
(cd "$(dirname "$cli_dll")" && dotnet "$cli_dll" migrate && dotnet "$cli_dll" seed demo >/dev/null)

run_dir="$(mktemp -d -t cnc-cluster.XXXXXX)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

proxy_port="$(free_port)"
ports=("$(free_port)" "$(free_port)")
export Email__PublicBaseUrl="https://localhost:$proxy_port"
export Email__Delivery=PickupDirectory Email__PickupDirectory="$run_dir/mail"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$run_dir/tls.key" -out "$run_dir/tls.crt" 2>/dev/null

for i in 0 1; do
    (cd "$(dirname "$web_dll")" && exec dotnet "$web_dll" --urls "http://127.0.0.1:${ports[$i]}") >"$run_dir/instance$((i + 1)).log" 2>&1 &
    pids+=($!)
done

mkdir -p "$run_dir/nginx"
cat >"$run_dir/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $run_dir/nginx.pid;
error_log $run_dir/nginx-error.log warn;
events { worker_connections 256; }
http {
    access_log $run_dir/nginx-access.log;
    client_body_temp_path $run_dir/nginx/body;
    proxy_temp_path $run_dir/nginx/proxy;
    fastcgi_temp_path $run_dir/nginx/fastcgi;
    uwsgi_temp_path $run_dir/nginx/uwsgi;
    scgi_temp_path $run_dir/nginx/scgi;
    client_max_body_size 25m;
    upstream portal {
        server 127.0.0.1:${ports[0]};
        server 127.0.0.1:${ports[1]};
    }
    server {
        listen 127.0.0.1:$proxy_port ssl;
        ssl_certificate $run_dir/tls.crt;
        ssl_certificate_key $run_dir/tls.key;
        location / {
            proxy_pass http://portal;
            proxy_set_header Host \$host:\$server_port;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            # Which instance answered (for the smoke check and for people looking at the cluster).
            add_header X-Cnc-Instance \$upstream_addr always;
        }
    }
}
EOF
nginx -t -c "$run_dir/nginx.conf" -p "$run_dir" >/dev/null 2>&1 || { nginx -t -c "$run_dir/nginx.conf" -p "$run_dir"; cnc_die "nginx refused its configuration"; }
nginx -c "$run_dir/nginx.conf" -p "$run_dir" &
pids+=($!)

url="https://127.0.0.1:$proxy_port"
for _ in $(seq 1 90); do
    ready=0
    for port in "${ports[@]}"; do
        curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && ready=$((ready + 1))
    done
    ((ready == 2)) && curl -ksf -o /dev/null "$url/health/ready" && break
    sleep 1
done
((ready == 2)) || { tail -20 "$run_dir"/instance*.log >&2; cnc_die "the instances did not become ready"; }
cnc_log "two instances on 127.0.0.1:${ports[0]} and :${ports[1]}, nginx (TLS) on $url"

if ((smoke == 0)); then
    cat <<EOF

  Carbon Neutral Consortium portal: two instances behind nginx
  URL:   $url   (self-signed certificate: accept it in the browser)
  Logs:  $run_dir/instance1.log, instance2.log, nginx-access.log
  Stop:  press Ctrl+C

EOF
    wait "${pids[@]}"
    exit 0
fi

# --- smoke: sign in through nginx, post forms across instances -----------------------------------------------
jar="$run_dir/cookies"
token_of() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' "$1" | head -1 | sed 's/.*value="\([^"]*\)".*/\1/'; }
instance_of() { grep -i '^x-cnc-instance:' "$1" | tail -1 | awk '{print $2}' | tr -d '\r'; }

curl -ks -c "$jar" -b "$jar" -D "$run_dir/h0" -o "$run_dir/login.html" "$url/Identity/Account/Login"
status="$(curl -ks -c "$jar" -b "$jar" -D "$run_dir/h1" -o /dev/null -w '%{http_code}' \
    --data-urlencode "Input.Email=ceo@greenchem.example" --data-urlencode "Input.Password=consortium-demo-2026" \
    --data-urlencode "__RequestVerificationToken=$(token_of "$run_dir/login.html")" "$url/Identity/Account/Login")"
[[ "$status" == 302 ]] || cnc_die "smoke: sign-in through nginx answered $status"
cnc_log "smoke: signed in through $(instance_of "$run_dir/h1") (page from $(instance_of "$run_dir/h0"))"

declare -A served=()
crossed=0
posts=0
for i in $(seq 1 6); do
    curl -ks -c "$jar" -b "$jar" -D "$run_dir/hg" -o "$run_dir/page.html" "$url/Company/Edit"
    grep -q '/Identity/Account/Logout' "$run_dir/page.html" || cnc_die "smoke: GET /Company/Edit through $(instance_of "$run_dir/hg") is not signed in"
    from="$(instance_of "$run_dir/hg")"
    served[$from]=1
    status="$(curl -ks -c "$jar" -b "$jar" -D "$run_dir/hp" -o /dev/null -w '%{http_code}' \
        --data-urlencode "culture=$([[ $((i % 2)) == 0 ]] && echo ko || echo en)" --data-urlencode "returnUrl=/Company" \
        --data-urlencode "__RequestVerificationToken=$(token_of "$run_dir/page.html")" "$url/Culture")"
    to="$(instance_of "$run_dir/hp")"
    served[$to]=1
    [[ "$status" == 302 ]] || cnc_die "smoke: a form from $from posted through $to answered $status"
    posts=$((posts + 1))
    [[ "$from" != "$to" ]] && crossed=$((crossed + 1))
done
cnc_log "smoke: $posts form posts accepted, $crossed of them through the other instance than the page's; instances that served: ${!served[*]}"
((${#served[@]} == 2)) || cnc_die "smoke: only one instance served requests"
((crossed > 0)) || cnc_die "smoke: no form was posted through the other instance"
cnc_log "smoke: PASSED"
