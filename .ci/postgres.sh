#!/usr/bin/env bash
# Install (Debian package), start and prepare PostgreSQL for the tests. Safe to run twice.
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
# The server refuses to run as root; Debian's wrappers run it as the postgres user.
if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$version main"; then
    pg_createcluster "$version" main
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
done
pg_isready -h 127.0.0.1 -p 5432

su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'studybot') THEN
        CREATE ROLE studybot LOGIN PASSWORD 'studybot' SUPERUSER;
    END IF;
END
$$;
SQL
for db in studybot_test studybot_bench; do
    if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = '$db'\"" | grep -q 1; then
        su postgres -c "createdb -O studybot $db"
    fi
done
echo "PostgreSQL $version is running on 127.0.0.1:5432"
