#!/usr/bin/env bash
# scripts/soak.sh [MINUTES]: runs the real service for MINUTES (default 10, 3..240) against a real mosquitto on
# loopback that is stopped and started again every 30 s, and reports what reached an independent subscriber.
#
# The service: `edgeclassifier run` at 30 fps with mobilenet_v1_0.5_160_quant on the files source, each shared photo
# held for one second (so the scene, and the decision, change every second), snapshots on, EmitEveryFrame off,
# MQTT to the broker. The broker: persistence on, stopped with SIGTERM 5 s every 30 s; one of the stops (the middle
# one) is SIGKILL, which loses what the broker had acknowledged but not yet saved or delivered: such events are
# reported on their own line. The subscriber: mosquitto_sub with a persistent session at QoS 1, started before the
# service. At the end the broker stays up for a 20 s drain before the service is stopped.
#
# Reports: frames, misses, p99, RSS at minute 2 and at the end, outbox peak, events the service decided (its
# --decisions-out file) vs events received (by id), duplicates left after de-duplication by id, order.
# Needs: dotnet, mosquitto, mosquitto_sub (mosquitto-clients), python3; ../shared/models next to the repository.
set -euo pipefail

minutes=${1:-10}
if ! [[ $minutes =~ ^[0-9]+$ ]] || ((minutes < 3 || minutes > 240)); then
    echo "usage: scripts/soak.sh [MINUTES]   (3 to 240; default 10)" >&2
    exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$root/../shared" 2>/dev/null && pwd) || { echo "soak: ../shared (models and images) not found next to the repository" >&2; exit 2; }
model=$shared/models/onnx/mobilenet_v1_0.5_160_quant.onnx
[[ -f $model ]] || { echo "soak: $model not found" >&2; exit 2; }
for tool in dotnet mosquitto mosquitto_sub python3; do
    command -v "$tool" >/dev/null || { echo "soak: $tool not found (apt-get install mosquitto mosquitto-clients python3)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/edgeclassifier-soak.XXXXXX)
broker_pid='' subscriber_pid='' service_pid='' sampler_pid=''
cleanup() {
    for pid in $sampler_pid $service_pid $subscriber_pid $broker_pid; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    [[ -n ${KEEP_SOAK:-} ]] && echo "soak: files kept in $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

echo "soak: building" >&2
dotnet build "$root/src/EdgeClassifier" -c Release -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
# A copy, so that a build during the run cannot change the program under the running service.
cp -r "$root/src/EdgeClassifier/bin/Release/net10.0" "$work/program"
program=$work/program/edgeclassifier.dll

# Each photo 30 times in a row: at 30 fps the files source shows it for one second.
mkdir -p "$work/scene"
n=0
for photo in "$shared"/models/images/*.jpg "$shared"/models/images/*.bmp; do
    for copy in $(seq -w 0 29); do
        ln -s "$photo" "$work/scene/$(printf %03d "$n")_$copy.${photo##*.}"
    done
    n=$((n + 1))
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/broker"
# Started as root, mosquitto would switch to user "mosquitto" and could not write its persistence file here.
[[ $(id -u) == 0 ]] && broker_user='user root' || broker_user=''
cat >"$work/broker/mosquitto.conf" <<EOF
$broker_user
listener $port 127.0.0.1
allow_anonymous true
persistence true
persistence_location $work/broker/
log_dest file $work/broker/mosquitto.log
# Every packet (debug): the report reads from it which events the broker acknowledged and which it passed on.
log_type all
EOF

now_ms() { date +%s%3N; }
start_broker() {
    mosquitto -c "$work/broker/mosquitto.conf" &
    broker_pid=$!
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "soak: mosquitto did not open port $port" >&2
    exit 1
}
stop_broker() { # SIGNAL
    kill "-$1" "$broker_pid"
    wait "$broker_pid" 2>/dev/null || true
    echo "$(now_ms) $1" >>"$work/chaos.txt"
}

start_broker
touch "$work/chaos.txt"
mosquitto_sub -h 127.0.0.1 -p "$port" -i soak-subscriber -c -q 1 -v \
    -t edgeclassifier/soak/events -t edgeclassifier/soak/stats >"$work/received.txt" 2>"$work/subscriber.log" &
subscriber_pid=$!
sleep 1

# The runtime settings a board gets from the systemd unit (its Environment=DOTNET_... and MALLOC_... lines), so the
# memory measured is the memory deployed.
while IFS= read -r setting; do
    export "${setting?}"
done < <(sed -n 's/^Environment=\(\(DOTNET\|MALLOC\)_[A-Za-z0-9_]*=[^ ]*\)$/\1/p' "$root/deploy/systemd/edgeclassifier.service")

drain=20
STATE_DIRECTORY=$work/state dotnet "$program" run \
    --stats-out "$work/stats.json" --decisions-out "$work/decisions.jsonl" \
    --Camera:Source=files "--Camera:Path=$work/scene" --Camera:Fps=30 \
    --Camera:Width=320 --Camera:Height=240 --Camera:PixelFormat=NV12 \
    "--Model:Path=$model" --Decision:EmitEveryFrame=false \
    --Mqtt:Host=127.0.0.1 "--Mqtt:Port=$port" --Mqtt:DeviceId=soak --Mqtt:StatsIntervalSeconds=10 \
    --Mqtt:Snapshot:Enabled=true --Web:Enabled=false >"$work/service.log" 2>&1 &
service_pid=$!
started=$(now_ms)
echo "soak: service $service_pid, broker on port $port, $minutes min, files in $work" >&2

(
    while kill -0 "$service_pid" 2>/dev/null; do
        # VmRSS, and its anonymous (heaps, arenas, stacks) and file-backed (mapped libraries) parts, in KiB; threads.
        rss=$(awk '/^(VmRSS|RssAnon|RssFile|Threads):/ { printf "%s ", $2 }' "/proc/$service_pid/status" 2>/dev/null || true)
        [[ -n $rss ]] && echo "$(( ($(now_ms) - started) / 1000 )) $rss" >>"$work/rss.txt"
        sleep 10
    done
) &
sampler_pid=$!

end=$((started + minutes * 60000))
restarts=$(( (minutes * 60 - 30) / 35 ))
for i in $(seq 1 "$restarts"); do
    sleep 30
    kill -0 "$service_pid" 2>/dev/null || break
    if ((i == (restarts + 1) / 2)); then stop_broker KILL; else stop_broker TERM; fi
    sleep 5
    start_broker
done
while (($(now_ms) < end)) && kill -0 "$service_pid" 2>/dev/null; do sleep 1; done
sleep "$drain"
stopped=$(now_ms)
kill -TERM "$service_pid" 2>/dev/null || true
status=0
wait "$service_pid" || status=$?
service_pid=''
sleep 3
if [[ ! -f $work/stats.json ]]; then
    echo "soak: the service ended early (exit code $status); the end of its log:" >&2
    tail -20 "$work/service.log" >&2
    exit 1
fi

python3 - "$work" "$started" "$stopped" "$drain" "$status" <<'EOF'
import json, re, sys
from datetime import datetime

work, started, stopped, drain, status = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])

def ms(text):
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)

# What the service decided, in order; an event goes out for each change that has a label before or after.
expected, before = [], None
for line in open(f"{work}/decisions.jsonl"):
    decision = json.loads(line)
    if before is not None and (before["label"] is not None or decision["label"] is not None):
        expected.append(ms(decision["timestamp"]))
    before = decision

events, outbox_peak = [], 0
for line in open(f"{work}/received.txt"):
    topic, _, payload = line.partition(" ")
    body = json.loads(payload)
    if topic.endswith("/events"):
        events.append(body)
    elif topic.endswith("/stats"):
        outbox_peak = max(outbox_peak, body.get("mqtt", {}).get("outboxPending", 0))

seen, unique = set(), []
for event in events:
    if event["id"] not in seen:
        seen.add(event["id"])
        unique.append(event)
received_times = [ms(e["timestamp"]) for e in unique]
received_by_time = {}
for t in received_times:
    received_by_time[t] = received_by_time.get(t, 0) + 1

# Events decided in the last seconds before the stop may still be on their way: only earlier ones must arrive.
cutoff = stopped - 5000
due = [t for t in expected if t <= cutoff]
lost = [t for t in due if t not in received_by_time]
kills = [int(line.split()[0]) for line in open(f"{work}/chaos.txt") if line.split()[1] == "KILL"]
restarts = sum(1 for _ in open(f"{work}/chaos.txt"))

# The broker's log, per run of the broker: events it acknowledged to the service (PUBACK) and events it sent on to
# the subscriber. The service deletes an event only once acknowledged and sends the rest again, so an event lost at
# a SIGKILL counts as the broker's loss only as far as that run's log shows acknowledged events it never sent on.
runs, run = [], None
for line in open(f"{work}/broker/mosquitto.log", errors="replace"):
    stamp, _, text = line.rstrip("\n").partition(": ")
    if text.startswith("mosquitto version") and text.endswith("starting"):
        run = {"start": int(stamp) * 1000, "acked": 0, "forwarded": 0, "topics": {}}
        runs.append(run)
    elif run is None:
        continue
    elif m := re.match(r"Received PUBLISH from edgeclassifier-soak \(d\d, q\d, r\d, m(\d+), '([^']*)'", text):
        run["topics"][m[1]] = m[2]
    elif m := re.match(r"Sending PUBACK to edgeclassifier-soak \(m(\d+), rc0\)", text):
        run["acked"] += run["topics"].get(m[1], "").endswith("/events")
    elif m := re.match(r"Sending PUBLISH to soak-subscriber \(d\d, q\d, r\d, m\d+, '([^']*)'", text):
        run["forwarded"] += m[1].endswith("/events")
killed_runs = [max((r for r in runs if r["start"] <= k), key=lambda r: r["start"]) for k in kills]
acked_not_forwarded = sum(max(0, r["acked"] - r["forwarded"]) for r in killed_runs)
near_kill = [t for t in lost if any(k - 30000 <= t <= k + 5000 for k in kills)]
lost_at_kill = near_kill[:acked_not_forwarded]
duplicates = sum(n - 1 for n in received_by_time.values())
out_of_order = sum(1 for a, b in zip(received_times, received_times[1:]) if b < a)

stats = json.load(open(f"{work}/stats.json"))
processed, misses = stats["framesProcessed"], stats["misses"]
rss = [tuple(map(int, line.split()))[:2] for line in open(f"{work}/rss.txt")]
rss2 = next((kb for s, kb in rss if s >= 120), rss[0][1])
rss_end = rss[-1][1]

print(f"soak: {(stopped - started) / 60000:.1f} min (last {drain} s a drain with the broker up), broker restarts {restarts} "
      f"({len(kills)} by SIGKILL), service exit code {status}")
print(f"frames: captured {stats['framesCaptured']}, processed {processed}, dropped {stats['drops']}, misses {misses} "
      f"({100.0 * misses / max(processed, 1):.3f} %), total p99 {stats['stages']['total']['p99']:.1f} ms, "
      f"camera {stats['cameraFps']:.1f} fps")
print(f"rss: start {rss[0][1] / 1024:.0f} MiB, minute 2 {rss2 / 1024:.0f} MiB, end {rss_end / 1024:.0f} MiB, "
      f"growth minute 2 -> end {100.0 * (rss_end - rss2) / rss2:+.1f} %")
print(f"outbox: peak {outbox_peak} pending (from the stats messages the subscriber got)")
print(f"events: decided {len(expected)}, due by the cutoff {len(due)}, received {len(events)} "
      f"({len(events) - len(unique)} repeats of an id), unique {len(unique)}")
print(f"lost: {len(lost) - len(lost_at_kill)} (plus {len(lost_at_kill)} acknowledged by the broker and lost with it at SIGKILL; "
      f"its log for the run that was killed: {sum(r['acked'] for r in killed_runs)} events acknowledged, "
      f"{sum(r['forwarded'] for r in killed_runs)} sent on to the subscriber)")
print(f"duplicates after de-duplication by id: {duplicates}")
print(f"order kept: {'yes' if out_of_order == 0 else f'no, {out_of_order} out of order'}")
EOF
