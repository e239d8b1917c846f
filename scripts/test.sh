#!/usr/bin/env bash
# Runs every test project and prints one closing line: "tests: N passed, N failed, N skipped".
# When a test fails, its message is repeated just above that line: CI keeps only the tail of the output.
set -uo pipefail
config="${1:-Release}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test ParcelStream.sln -c "$config" --no-build --verbosity quiet --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}'; }
passed=$(sum Passed)
failed=$(sum Failed)
skipped=$(sum Skipped)
if [ "$failed" -ne 0 ]; then
  echo "---- failures (first lines of each) ----"
  # The console logger at minimal verbosity: "  Failed Name [time]", "  Error Message:", the message, "  Stack Trace:".
  awk '/^ +Failed [A-Za-z]/ {show=1; n=0} /^ +Stack Trace:/ {show=0} show && n < 12 {print substr($0, 1, 400); n++}' "$log"
fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
