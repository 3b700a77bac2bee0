#!/usr/bin/env bash
# scripts/fleet-sim.sh [N] [DECISIONS_PER_SECOND] [RECONNECT_MAX_SECONDS]: N virtual devices (default 500) in one
# process, each the product's real MQTT output (its own DI container from AddEdgeMqtt: MQTTnet connection, SQLite
# outbox in its own state directory, Home Assistant discovery, command handling), fed synthetic decisions, against one
# real mosquitto on loopback. It is the CI test FleetSimulationTests (which runs N = 100) run with more devices.
#
# Scenario: all devices start; Home Assistant's birth message (homeassistant/status "online") → every discovery
# document, spread over Mqtt:DiscoveryJitterSeconds (10); events flow (default 0.5 per device per second); the broker
# is stopped for 30 s and restarted → reconnect time per device, every event once (by id) and in order per device;
# a command to group "canary" (every 10th device) → exactly those devices reply. Prints a Markdown table of the
# figures (memory per device, discovery peak per second, reconnect distribution, broker packet rates, ...).
# Needs: dotnet, mosquitto; about 2 minutes for N = 500 on 2 cores. Exit code: the test's.
set -euo pipefail

devices=${1:-500}
rate=${2:-0.5}
reconnect_max=${3:-10}
if ! [[ $devices =~ ^[0-9]+$ ]] || ((devices < 10 || devices > 2000)); then
    echo "usage: scripts/fleet-sim.sh [N] [DECISIONS_PER_SECOND] [RECONNECT_MAX_SECONDS]   (N 10 to 2000; default 500 0.5 10)" >&2
    exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
command -v mosquitto >/dev/null || [[ -x /usr/sbin/mosquitto ]] || { echo "fleet-sim: mosquitto not found (apt-get install mosquitto)" >&2; exit 2; }
# Each device holds a socket and its outbox files, the broker one socket per device.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
report=$(mktemp /tmp/fleet-sim-XXXXXX.md)
trap 'rm -f "$report"' EXIT
status=0
FLEET_SIM_DEVICES=$devices FLEET_SIM_RATE=$rate FLEET_SIM_RECONNECT_MAX=$reconnect_max FLEET_SIM_REPORT=$report \
    dotnet test "$root/tests/EdgeClassifier.Tests" -c Release --filter "FullyQualifiedName~FleetSimulationTests" \
    --logger "console;verbosity=normal" >&2 || status=$?
cat "$report" 2>/dev/null || echo "fleet-sim: no report (the run failed before the end; see above)" >&2
exit $status
