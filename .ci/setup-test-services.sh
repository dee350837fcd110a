#!/usr/bin/env bash
# What the tests need beyond the build tools: Debian's Chromium for Playwright, and a
# PostgreSQL server with a role that may create the per-test databases.
source "$(dirname "$0")/lib.sh"

if ! command -v chromium >/dev/null; then
  log "installing Debian's chromium"
  apt_install chromium
fi

PG_URL_HOST=127.0.0.1
if ! pg_isready -q -h "$PG_URL_HOST" -p 5432 2>/dev/null; then
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    log "installing PostgreSQL"
    apt_install postgresql postgresql-contrib
  fi
  version="$(ls /etc/postgresql | sort -V | tail -n1)"
  log "starting PostgreSQL $version"
  as_root pg_ctlcluster "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h "$PG_URL_HOST" -p 5432 && break; sleep 1; done
  pg_isready -h "$PG_URL_HOST" -p 5432
fi

# The test role: may log in with a password and create (and drop) its own databases.
as_root su postgres -c "psql -q -v ON_ERROR_STOP=1 -d postgres" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cholang') THEN
    CREATE ROLE cholang LOGIN PASSWORD 'cholang' CREATEDB;
  END IF;
END $$;
SQL
