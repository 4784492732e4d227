#!/usr/bin/env bash
# Runs the portal's command-line tool `cnc` against the local development database (the one eng/run.sh uses),
# or against ConnectionStrings__Default when it is set. Examples:
#   ./eng/cnc.sh migrate
#   ./eng/cnc.sh seed demo
#   ./eng/cnc.sh admin create --email you@agency.kr --name "관리자"
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# shellcheck source=eng/lib/postgres.sh
source "$REPO/eng/lib/postgres.sh"

command -v dotnet >/dev/null 2>&1 || cnc_die "the .NET SDK is not installed: install .NET SDK 10.0.401 or later (see global.json)"
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
if [[ -z "${ConnectionStrings__Default:-}" ]]; then
    cnc_pg_ensure
    cnc_pg_create_db cnc_dev
    export ConnectionStrings__Default="$CNC_PG_BASE;Database=cnc_dev"
fi

dotnet build src/CarbonNeutralConsortium.Cli -c Debug -nologo -v q >&2
exec dotnet run --no-build --no-launch-profile -c Debug --project src/CarbonNeutralConsortium.Cli -- "$@"
