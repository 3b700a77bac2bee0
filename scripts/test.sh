#!/usr/bin/env bash
# Runs every test in the solution and ends with one summary line: "tests: N passed, N failed".
# Integration tests read ../shared/models and start their own mosquitto, Prometheus and Chromium (and, as root,
# network namespaces with iproute2 to stand in for other hosts); the fuzz harness builds with the solution
# and CI runs it under afl-fuzz. Missing tools are installed from Debian when run as root, else named.
set -uo pipefail
cd "$(dirname "$0")/.."
missing=()
for tool in mosquitto:mosquitto mosquitto_sub:mosquitto-clients ip:iproute2 unshare:util-linux openssl:openssl afl-fuzz:afl++ chromium:chromium prometheus:prometheus promtool:prometheus curl:curl; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
# Home Assistant templates are checked with the real Jinja2.
python3 -c 'import jinja2' 2>/dev/null || missing+=(python3-jinja2)
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: install first: apt-get install ${missing[*]}" >&2
    exit 2
  fi
fi
# The service turns ONNX Runtime's telemetry off itself (Inference/OnnxRuntimeTelemetry.cs); test hosts that load
# ONNX Runtime in process are not the service, so the variable is set for them here.
export ORT_DISABLE_TELEMETRY=1
log=$(mktemp)
dotnet test EdgeClassifier.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "tests: $passed passed, $failed failed"
exit "$status"
