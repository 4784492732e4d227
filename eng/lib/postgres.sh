#!/usr/bin/env bash
# shellcheck shell=bash
#
# Local PostgreSQL bootstrap for development and tests. Sourced by eng/run.sh
# and eng/test.sh; running this file directly only ensures the cluster exists.
#
# We use our OWN cluster (name "cnc", port ${CNC_PG_PORT:-55432}, listening on
# 127.0.0.1 only) so that any other PostgreSQL on the machine is never touched.
# Nothing in here ever drops a cluster, database or role.
#
# Public API:
#   cnc_pg_ensure [--skip-if-set VAR]
#       Installs PostgreSQL if needed, creates/starts the "cnc" cluster, ensures
#       the login role "cnc" (CREATEDB, not superuser) with the password from
#       $CNC_STATE_DIR/pg-password (default ~/.local/state/cnc-portal; generated on
#       first use, mode 600; shared by every clone on this machine, like the
#       cluster itself) and exports
#       CNC_PG_BASE="Host=127.0.0.1;Port=<port>;Username=cnc;Password=<pw>".
#       With --skip-if-set VAR: if $VAR is non-empty, does nothing (the caller
#       uses that server) and sets CNC_PG_SKIPPED=1.
#   cnc_pg_create_db NAME
#       Creates database NAME owned by "cnc" if it does not exist (never drops).
#   cnc_pg_drop_bench_db NAME
#       Drops database NAME if it exists; only cnc_bench_* databases (the
#       benchmark's own, generated data).
#   cnc_apt_install PKG...
#       apt-get install, running "apt-get update" at most once per script run.
#   cnc_port_in_use PORT
#       Succeeds if something listens on TCP PORT.

set -euo pipefail

if [[ -n "${_CNC_PG_LIB_LOADED:-}" ]]; then
    # shellcheck disable=SC2317  # reachable when sourced twice
    return 0 2>/dev/null || exit 0
fi
_CNC_PG_LIB_LOADED=1

# Machine-level state, like the cluster it belongs to: every clone on this machine
# uses the same password, so one clone never locks another out.
CNC_STATE_DIR="${CNC_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/cnc-portal}"
CNC_PG_PASSWORD_FILE="$CNC_STATE_DIR/pg-password"
CNC_PG_CLUSTER=cnc
CNC_PG_ROLE=cnc
CNC_APT_UPDATED="${CNC_APT_UPDATED:-}"

cnc_log() { printf '[cnc] %s\n' "$*" >&2; }
cnc_die() { printf '[cnc] ERROR: %s\n' "$*" >&2; exit 1; }

# Run a command as root (directly if we are root, else via sudo).
cnc_as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -- "$@"
    else
        cnc_die "need root (or sudo) to run: $*"
    fi
}

# Run a command as the postgres OS user, from / so it never trips over an
# unreadable working directory.
_cnc_as_postgres() {
    if [[ $EUID -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && sudo -u postgres -- "$@")
    fi
}

cnc_apt_update_once() {
    if [[ -z "$CNC_APT_UPDATED" ]]; then
        cnc_log "apt-get update"
        cnc_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        CNC_APT_UPDATED=1
    fi
}

cnc_apt_install() {
    cnc_apt_update_once
    cnc_log "apt-get install $*"
    cnc_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq -o Dpkg::Use-Pty=0 "$@" >/dev/null
}

cnc_port_in_use() {
    local port="$1"
    if command -v ss >/dev/null 2>&1; then
        [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
    else
        # Fallback: try to connect.
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

# Prints "<version> <port> <status>" of our cluster, or nothing.
_cnc_pg_cluster_info() {
    pg_lsclusters -h 2>/dev/null |
        awk -v c="$CNC_PG_CLUSTER" '$2 == c { print $1, $3, $4 }' |
        sort -V | tail -n 1
}

# Fails if another cluster (not ours) is configured on the given port.
_cnc_pg_check_other_clusters() {
    local port="$1" other
    other="$(pg_lsclusters -h 2>/dev/null |
        awk -v c="$CNC_PG_CLUSTER" -v p="$port" '$2 != c && $3 == p { print $1 "/" $2 }' | head -n 1)"
    if [[ -n "$other" ]]; then
        cnc_die "port $port is configured for the existing cluster $other (not ours); set CNC_PG_PORT to a free port (e.g. CNC_PG_PORT=55433)"
    fi
}

# Writes the settings we rely on into our cluster's configuration. The port
# lives in postgresql.conf (pg_lsclusters reads it there); everything else in
# conf.d/50-cnc.conf, which we own completely. Succeeds (0) if anything
# changed, i.e. a restart is needed.
_cnc_pg_configure() {
    local ver="$1" dir changed=1 want
    dir="/etc/postgresql/$ver/$CNC_PG_CLUSTER"
    if [[ "$(pg_conftool -s "$ver" "$CNC_PG_CLUSTER" show port 2>/dev/null || true)" != "$CNC_PG_PORT" ]]; then
        cnc_as_root pg_conftool "$ver" "$CNC_PG_CLUSTER" set port "$CNC_PG_PORT"
        changed=0
    fi
    if ! grep -Eq "^[[:space:]]*include_dir[[:space:]]*=[[:space:]]*'conf\.d'" "$dir/postgresql.conf"; then
        printf "\ninclude_dir = 'conf.d'\n" | cnc_as_root tee -a "$dir/postgresql.conf" >/dev/null
        changed=0
    fi
    # fsync stays ON: this cluster also holds the development data. Sized for
    # the 2-core, 24 GB development machine and the full-scale benchmark
    # (about 6 GB of data): a bigger buffer cache, no JIT (it adds tens of
    # milliseconds to the first run of a big query), SSD costs, and
    # wal_level=minimal, which lets "cnc generate" load with COPY FREEZE into
    # tables truncated in the same transaction without writing WAL (no
    # replication here; a production server keeps its own settings).
    want="# Managed by eng/lib/postgres.sh (rewritten on every run).
listen_addresses = '127.0.0.1'
max_connections = 300
shared_buffers = '2GB'
effective_cache_size = '12GB'
work_mem = '16MB'
maintenance_work_mem = '1GB'
max_parallel_maintenance_workers = 2
random_page_cost = 1.1
jit = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = '16GB'
checkpoint_timeout = '30min'"
    if [[ ! -f "$dir/conf.d/50-cnc.conf" || "$(cat "$dir/conf.d/50-cnc.conf")" != "$want" ]]; then
        cnc_as_root mkdir -p "$dir/conf.d"
        printf '%s\n' "$want" | cnc_as_root tee "$dir/conf.d/50-cnc.conf" >/dev/null
        cnc_as_root chown postgres:postgres "$dir/conf.d/50-cnc.conf"
        cnc_as_root chmod 644 "$dir/conf.d/50-cnc.conf"
        changed=0
    fi
    return "$changed"
}

_cnc_pg_password() {
    local pw=""
    if [[ -s "$CNC_PG_PASSWORD_FILE" ]]; then
        IFS= read -r pw <"$CNC_PG_PASSWORD_FILE" || true
    fi
    if [[ -z "$pw" ]]; then
        mkdir -p "$CNC_STATE_DIR"
        chmod 700 "$CNC_STATE_DIR"
        while ((${#pw} < 32)); do
            pw+="$(head -c 64 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"
        done
        pw="${pw:0:32}"
        (umask 077 && printf '%s\n' "$pw" >"$CNC_PG_PASSWORD_FILE.tmp")
        mv -f "$CNC_PG_PASSWORD_FILE.tmp" "$CNC_PG_PASSWORD_FILE"
        cnc_log "generated a new database password in $CNC_PG_PASSWORD_FILE"
    fi
    chmod 600 "$CNC_PG_PASSWORD_FILE"
    # The password ends up in an Npgsql connection string: keep it simple.
    if [[ ! "$pw" =~ ^[A-Za-z0-9._~+/=-]+$ ]]; then
        cnc_die "$CNC_PG_PASSWORD_FILE must contain one line of [A-Za-z0-9._~+/=-] (delete it to regenerate)"
    fi
    printf '%s' "$pw"
}

# psql as the postgres superuser over the Unix socket of our cluster.
_cnc_psql() {
    _cnc_as_postgres "/usr/lib/postgresql/$CNC_PG_VERSION/bin/psql" \
        -X -q -p "$CNC_PG_PORT" -d postgres -v ON_ERROR_STOP=1 "$@"
}

cnc_pg_ensure() {
    if [[ "${1:-}" == "--skip-if-set" ]]; then
        local var="${2:?cnc_pg_ensure --skip-if-set needs a variable name}"
        if [[ -n "${!var:-}" ]]; then
            cnc_log "$var is set: using that PostgreSQL server, not the local cluster"
            CNC_PG_SKIPPED=1
            return 0
        fi
    fi
    CNC_PG_SKIPPED=

    CNC_PG_PORT="${CNC_PG_PORT:-55432}"
    if [[ ! "$CNC_PG_PORT" =~ ^[0-9]+$ ]] || ((CNC_PG_PORT < 1 || CNC_PG_PORT > 65535)); then
        cnc_die "CNC_PG_PORT='$CNC_PG_PORT' is not a valid TCP port"
    fi

    # 1. Install PostgreSQL if needed.
    if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null ||
        ! command -v pg_createcluster >/dev/null 2>&1; then
        cnc_apt_install postgresql
    fi

    # 2. Our own cluster.
    local info ver port status
    _cnc_pg_check_other_clusters "$CNC_PG_PORT"
    info="$(_cnc_pg_cluster_info)"
    if [[ -z "$info" ]]; then
        ver="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null |
            awk -F/ '{ print $(NF-2) }' | sort -V | tail -n 1)"
        [[ -n "$ver" ]] || cnc_die "no PostgreSQL server found under /usr/lib/postgresql"
        if cnc_port_in_use "$CNC_PG_PORT"; then
            cnc_die "port $CNC_PG_PORT is already in use by another program; set CNC_PG_PORT to a free port (e.g. CNC_PG_PORT=55433)"
        fi
        cnc_log "creating PostgreSQL $ver cluster '$CNC_PG_CLUSTER' on 127.0.0.1:$CNC_PG_PORT"
        cnc_as_root pg_createcluster "$ver" "$CNC_PG_CLUSTER" --port "$CNC_PG_PORT" -- \
            --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        info="$(_cnc_pg_cluster_info)"
        [[ -n "$info" ]] || cnc_die "pg_createcluster did not create cluster '$CNC_PG_CLUSTER'"
    fi
    read -r ver port status <<<"$info"
    CNC_PG_VERSION="$ver"

    if [[ "$port" != "$CNC_PG_PORT" ]]; then
        if cnc_port_in_use "$CNC_PG_PORT"; then
            cnc_die "port $CNC_PG_PORT is already in use by another program; set CNC_PG_PORT to a free port"
        fi
        cnc_log "moving cluster '$CNC_PG_CLUSTER' from port $port to $CNC_PG_PORT"
    fi
    local restart=""
    if _cnc_pg_configure "$ver"; then restart=1; fi

    if [[ "$status" == online* ]]; then
        if [[ -n "$restart" ]]; then
            cnc_log "restarting cluster '$CNC_PG_CLUSTER' to apply configuration"
            cnc_as_root pg_ctlcluster "$ver" "$CNC_PG_CLUSTER" restart
        fi
    else
        if cnc_port_in_use "$CNC_PG_PORT"; then
            cnc_die "port $CNC_PG_PORT is in use by something that is not our '$CNC_PG_CLUSTER' cluster; set CNC_PG_PORT to a free port (e.g. CNC_PG_PORT=55433)"
        fi
        cnc_log "starting PostgreSQL $ver cluster '$CNC_PG_CLUSTER' on 127.0.0.1:$CNC_PG_PORT"
        cnc_as_root pg_ctlcluster "$ver" "$CNC_PG_CLUSTER" start
    fi

    # 3. Wait until it accepts TCP connections (bounded).
    local deadline=$((SECONDS + 30))
    until "/usr/lib/postgresql/$ver/bin/pg_isready" -q -h 127.0.0.1 -p "$CNC_PG_PORT"; do
        if ((SECONDS >= deadline)); then
            cnc_die "PostgreSQL on 127.0.0.1:$CNC_PG_PORT not ready after 30 s; see /var/log/postgresql/postgresql-$ver-$CNC_PG_CLUSTER.log"
        fi
        sleep 0.5
    done

    # 4. Login role with the password from the state file (set every time).
    local pw pw_psql
    pw="$(_cnc_pg_password)"
    # Quote for a psql meta-command argument ('' and \\); SQL quoting is :'pw'.
    pw_psql="${pw//\\/\\\\}"
    pw_psql="${pw_psql//\'/\'\'}"
    # The password goes through stdin, not argv, so it never shows up in ps.
    _cnc_psql -v role="$CNC_PG_ROLE" <<SQL
\\set pw '$pw_psql'
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') AS cnc_need_role \\gset
\\if :cnc_need_role
CREATE ROLE :"role" LOGIN CREATEDB;
\\endif
ALTER ROLE :"role" WITH LOGIN CREATEDB NOSUPERUSER NOCREATEROLE PASSWORD :'pw';
SQL

    CNC_PG_BASE="Host=127.0.0.1;Port=$CNC_PG_PORT;Username=$CNC_PG_ROLE;Password=$pw"
    export CNC_PG_BASE CNC_PG_PORT CNC_PG_VERSION
    cnc_log "PostgreSQL $ver cluster '$CNC_PG_CLUSTER' ready on 127.0.0.1:$CNC_PG_PORT (role $CNC_PG_ROLE)"
}

cnc_pg_create_db() {
    local db="${1:?cnc_pg_create_db needs a database name}"
    if [[ ! "$db" =~ ^[a-z_][a-z0-9_]*$ ]]; then
        cnc_die "invalid database name '$db' (use lower-case letters, digits, _)"
    fi
    if [[ -z "${CNC_PG_VERSION:-}" || -n "${CNC_PG_SKIPPED:-}" ]]; then
        cnc_die "cnc_pg_create_db: call cnc_pg_ensure first (and only for the local cluster)"
    fi
    _cnc_psql -v db="$db" -v role="$CNC_PG_ROLE" <<'SQL'
SELECT NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') AS cnc_need_db \gset
\if :cnc_need_db
CREATE DATABASE :"db" OWNER :"role" ENCODING 'UTF8' TEMPLATE template0;
\endif
SQL
}

cnc_pg_drop_bench_db() {
    local db="${1:?cnc_pg_drop_bench_db needs a database name}"
    if [[ ! "$db" =~ ^cnc_bench_[a-z0-9_]+$ ]]; then
        cnc_die "cnc_pg_drop_bench_db drops only the benchmark's cnc_bench_* databases, not '$db'"
    fi
    if [[ -z "${CNC_PG_VERSION:-}" || -n "${CNC_PG_SKIPPED:-}" ]]; then
        cnc_die "cnc_pg_drop_bench_db: call cnc_pg_ensure first (and only for the local cluster)"
    fi
    _cnc_psql -v db="$db" <<'SQL'
DROP DATABASE IF EXISTS :"db" WITH (FORCE);
SQL
}

# Executed directly (not sourced): just ensure the cluster and role.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    cnc_pg_ensure "$@"
fi
