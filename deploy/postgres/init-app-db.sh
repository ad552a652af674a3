#!/bin/sh
# First start of the PostgreSQL container only (docker-entrypoint-initdb.d): the app's own role
# and database. Temporal (auto-setup) creates its `temporal` and `temporal_visibility` databases.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set=pw="$ASSISTANT_DB_PASSWORD" <<'SQL'
CREATE ROLE assistant LOGIN PASSWORD :'pw';
CREATE DATABASE assistant OWNER assistant;
SQL
