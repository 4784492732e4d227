#!/usr/bin/env bash
# Runs the portal for development: http://localhost:${PORT:-5080}
#
# Idempotent and never destroys data: ensures the local PostgreSQL cluster and
# the cnc_dev database (unless ConnectionStrings__Default is given), builds,
# applies migrations, seeds the demo data and starts the web app.
#
# Environment:
#   PORT                        HTTP port of the portal (default 5080)
#   ConnectionStrings__Default  use this database instead of the local cluster
#   CNC_PG_PORT                 port of the local cluster (default 55432)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# shellcheck source=eng/lib/postgres.sh
source "$REPO/eng/lib/postgres.sh"

SLN=CarbonNeutralConsortium.sln
[[ -f "$SLN" ]] || SLN=CarbonNeutralConsortium.slnx
[[ -f "$SLN" ]] || cnc_die "CarbonNeutralConsortium.sln not found in $REPO"

PORT="${PORT:-5080}"
if [[ ! "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
    cnc_die "PORT='$PORT' is not a valid TCP port"
fi
if cnc_port_in_use "$PORT"; then
    cnc_die "port $PORT is already in use (is the portal already running?); stop that process or run with PORT=<free port> $0"
fi

command -v dotnet >/dev/null 2>&1 || cnc_die "the .NET SDK is not installed: install .NET SDK 10.0.401 or later (see global.json)"

export DOTNET_ENVIRONMENT=Development
export ASPNETCORE_ENVIRONMENT=Development
# Plain HTTP on localhost: the antiforgery cookie may then be non-Secure (every other cookie stays __Host- Secure,
# which browsers accept from http://localhost). Never set in production.
export Security__AllowPlainHttp=true
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

if [[ -z "${ConnectionStrings__Default:-}" ]]; then
    cnc_pg_ensure
    cnc_pg_create_db cnc_dev
    export ConnectionStrings__Default="$CNC_PG_BASE;Database=cnc_dev"
    cnc_log "database: cnc_dev on 127.0.0.1:$CNC_PG_PORT (user cnc, password in $CNC_PG_PASSWORD_FILE)"
else
    cnc_log "ConnectionStrings__Default is set: using that database"
fi

cnc_log "dotnet tool restore"
dotnet tool restore
# Links in e-mails use this address (never the Host header of a request).
export Email__PublicBaseUrl="${Email__PublicBaseUrl:-http://localhost:$PORT}"

cnc_log "dotnet build (Debug): web and CLI"
dotnet build src/CarbonNeutralConsortium.Web -c Debug -nologo -v q
dotnet build src/CarbonNeutralConsortium.Cli -c Debug -nologo -v q

cli=(dotnet run --no-build --no-launch-profile -c Debug --project src/CarbonNeutralConsortium.Cli --)
cnc_log "applying migrations"
"${cli[@]}" migrate
cnc_log "seeding demo data"
"${cli[@]}" seed demo

url="http://localhost:$PORT"
mail_dir="$REPO/src/CarbonNeutralConsortium.Web/App_Data/mail/"
cat <<EOF

  Carbon Neutral Consortium portal (Development)
  URL:     $url
  E-mail:  in Development, e-mails are not sent but written as .eml files to
           $mail_dir
  Stop:    press Ctrl+C

EOF

exec dotnet run --no-build --no-launch-profile -c Debug \
    --project src/CarbonNeutralConsortium.Web -- --urls "$url"
