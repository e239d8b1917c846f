#!/usr/bin/env bash
# Prints the Prometheus rule file held in the PrometheusRule ops/prometheus/parcelstream-rules.yaml (or FILE): the
# lines under its `spec:`, two spaces less indented. The PrometheusRule is the only copy of the rules; this output is
# what a plain Prometheus loads with `rule_files:` and what promtool checks and unit-tests (PromtoolTests, which also
# compares it with the resource's parsed spec). No YAML tool needed: the file keeps `spec:` as its last top-level key.
#   scripts/prometheus-rules.sh > parcelstream-rules.yaml && promtool check rules parcelstream-rules.yaml
set -euo pipefail
file="${1:-$(dirname "$0")/../ops/prometheus/parcelstream-rules.yaml}"
awk -v file="$file" '
  in_spec && /^[^ #]/ { print file ": a top-level key after spec: (" $0 ")" > "/dev/stderr"; bad = 1; exit 1 }
  in_spec { sub(/^  /, ""); print; next }
  /^kind: PrometheusRule[[:space:]]*$/ { kind = 1 }
  /^spec:[[:space:]]*$/ { in_spec = 1 }
  END {
    if (bad) exit 1
    if (!kind || !in_spec) { print file ": not a PrometheusRule with a spec:" > "/dev/stderr"; exit 1 }
  }
' "$file"
