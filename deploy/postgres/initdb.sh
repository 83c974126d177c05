#!/bin/sh
# docker-entrypoint-initdb.d hook: creates the roles and databases of roles.sql with the passwords from
# the environment (docker-compose passes them from .env). Runs only on an empty data directory.
set -eu
: "${GETIHU_OWNER_PASSWORD:?}" "${GETIHU_APP_PASSWORD:?}" "${TEMPORAL_DB_PASSWORD:?}"
psql --username "$POSTGRES_USER" --dbname postgres --no-psqlrc \
  -v owner_password="$GETIHU_OWNER_PASSWORD" \
  -v app_password="$GETIHU_APP_PASSWORD" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" \
  -f /etc/getihu/roles.sql
