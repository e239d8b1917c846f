#!/usr/bin/env bash
# Runs every test project, then the docs' example commands (scripts/docs-check.py, counted as one test), and prints one
# closing line: "tests: N passed, N failed, N skipped".
# When a test fails, its message is repeated just above that line: CI keeps only the tail of the output.
set -uo pipefail
config="${1:-Release}"
log=$(mktemp)
docs_log=$(mktemp)
trap 'rm -f "$log" "$docs_log"' EXIT
dotnet test ParcelStream.sln -c "$config" --no-build --verbosity quiet --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}'; }
passed=$(sum Passed)
failed=$(sum Failed)
skipped=$(sum Skipped)
# The docs' commands run the Release host; they are one test.
docs_status=0
scripts/docs-check.py > "$docs_log" 2>&1 || docs_status=$?
tail -n 1 "$docs_log"
if [ "$docs_status" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
if [ "$failed" -ne 0 ]; then
  echo "---- failures (first lines of each) ----"
  # The console logger at minimal verbosity: "  Failed Name [time]", "  Error Message:", the message, "  Stack Trace:".
  awk '/^ +Failed [A-Za-z]/ {show=1; n=0} /^ +Stack Trace:/ {show=0} show && n < 12 {print substr($0, 1, 400); n++}' "$log"
  if [ "$docs_status" -ne 0 ]; then
    echo "  Failed docs-check (make docs-check):"
    grep -v '^docs-check: .*block(s) run' "$docs_log" | head -n 40 | cut -c1-400
  fi
fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
