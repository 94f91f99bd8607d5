#!/bin/sh
# One-shot (temporalio/admin-tools): wait for the Temporal server, then make sure Tangkal's
# namespace exists. `temporal` reads the server from TEMPORAL_ADDRESS.
set -eu
tries=0
until temporal operator cluster health >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 90 ]; then
        echo "Temporal at $TEMPORAL_ADDRESS never became healthy" >&2
        exit 1
    fi
    sleep 2
done
if temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
    echo "namespace $NAMESPACE exists"
else
    temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"
fi
