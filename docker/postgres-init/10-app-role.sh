#!/bin/sh
# First start of the database only (docker-entrypoint-initdb.d): the role the app runs as.
# It owns nothing; `flask audit grant-app-role aduan_app` (the migrate service, after every
# upgrade) grants it DML on the tables and keeps the audit tables append-only for it.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v pw="$ADUAN_APP_DB_PASSWORD" <<'EOSQL'
CREATE ROLE aduan_app LOGIN PASSWORD :'pw';
EOSQL
