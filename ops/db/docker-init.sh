#!/bin/sh
# Run by the postgres image on the first start of an empty data volume (docker-entrypoint-initdb.d,
# see ops/docker-compose.yml): creates the orchestrator's roles in the Guardian database.
set -e
/opt/guardian-db/create-roles.sh "dbname=$POSTGRES_DB user=$POSTGRES_USER"
