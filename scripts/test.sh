#!/usr/bin/env bash
# Runs every test in the solution and ends with one summary line: "tests: N passed, N failed".
# Integration tests read ../shared/models and start their own mosquitto (installed by .ci/run).
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
dotnet test EdgeClassifier.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "tests: $passed passed, $failed failed"
exit "$status"
