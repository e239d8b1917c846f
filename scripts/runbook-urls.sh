#!/usr/bin/env bash
# Points every alert's runbook_url (the PrometheusRule ops/prometheus/parcelstream-rules.yaml, and the expected
# annotations of its promtool tests) at BASE_URL + <alert name>.md. The base is defined once, as RUNBOOK_BASE_URL in the Makefile; a fork runs
#   make runbook-urls RUNBOOK_BASE_URL=https://github.com/OWNER/REPO/blob/BRANCH/docs/runbooks/
# (and changes the Makefile's default to the same, which OpsConsistencyTests compares with). Idempotent.
set -euo pipefail
base="${1:?usage: scripts/runbook-urls.sh BASE_URL (ending in /)}"
case "$base" in
  http://*/ | https://*/) ;;
  *) echo "runbook-urls: '$base' must be an absolute http(s) URL ending in /" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
for f in ops/prometheus/parcelstream-rules.yaml ops/prometheus/parcelstream-rules.test.yaml; do
  sed -E -i "s#(runbook_url: \")[^\"]*/([A-Za-z0-9]+\.md\")#\1${base//#/\\#}\2#" "$f"
  echo "runbook-urls: $f: $(grep -c 'runbook_url: "'"$base" "$f") runbook_url(s) under $base"
done
