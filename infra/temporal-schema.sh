#!/bin/sh
# One-shot (temporalio/admin-tools): Temporal's two databases and their schemas on the stack's
# PostgreSQL, from the schema files inside the pinned image. Safe to run again: an existing
# database is kept and update-schema applies only what is missing. The password reaches the
# tool through SQL_PASSWORD in its environment, never through its command line.
set -eu
dir=/etc/temporal/schema/postgresql/v12
tool() { temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" "$@"; }
for pair in temporal:temporal temporal_visibility:visibility; do
    db=${pair%%:*}
    kind=${pair##*:}
    tool --db "$db" create-database || echo "database $db exists"
    tool --db "$db" setup-schema -v 0.0
    tool --db "$db" update-schema -d "$dir/$kind/versioned"
done
