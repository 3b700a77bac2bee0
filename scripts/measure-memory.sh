#!/usr/bin/env bash
# Start-up and peak memory of `edgeclassifier run` with MQTT on, per configuration, and what `bench` reports.
#
#   scripts/measure-memory.sh [--program DIR] [RUNS]      default 3 runs per configuration
#
# Publishes the checkout self-contained for linux-x64 (Native AOT, as shipped) into artifacts/memory/linux-x64, or
# measures the published build in DIR (--program: e.g. an older commit's, for a before/after). Starts a real
# mosquitto on a free loopback port with a temporary configuration, then runs the service for 20 s per run on the
# synthetic camera with the shared v2 1.0 224 quant model, publishing to that broker:
#   web off / web on      the live page off, or on a free loopback port
#   unit env / plain      with the DOTNET_ and MALLOC_ settings of deploy/systemd/edgeclassifier.service (as on a
#                         board), or with none (as `dotnet run` or a hand-started binary)
# and prints per configuration the median (and min) of:
#   start-up    VmRSS when the first decision is written (runtime, configuration, model, camera, one frame)
#   peak        VmHWM at exit (GNU time), the figure a memory limit meets
#   anon / file / shmem   the resident memory 3 s before the end of the run split by kind (/proc/PID/status):
#                         heaps, arenas and stacks / mapped libraries / the JIT's double-mapped code
# Then `edgeclassifier bench` (50 warm-up + 500 frames, plain environment): its p50 total, managed bytes per frame
# and peak resident memory. Everything runs on loopback; the temporary folder is removed at exit.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
program=""
if [[ ${1:-} == --program ]]; then
  program="$(cd "$2" && pwd)"
  shift 2
fi
runs="${1:-3}"
seconds=20
model="$repo_root/../shared/models/onnx/mobilenet_v2_1.0_224_quant.onnx"
unit="$repo_root/deploy/systemd/edgeclassifier.service"
[[ -f "$model" ]] || { echo "measure-memory.sh: $model not found (the shared models folder)" >&2; exit 2; }
for tool in /usr/bin/time mosquitto python3; do
  command -v "$tool" >/dev/null || { echo "measure-memory.sh: needs $tool (apt-get install time mosquitto python3)" >&2; exit 2; }
done

if [[ -z $program ]]; then
  program="$repo_root/artifacts/memory/linux-x64"
  dotnet publish src/EdgeClassifier/EdgeClassifier.csproj -c Release -r linux-x64 --self-contained true \
    -o "$program" --nologo -v quiet >/dev/null
fi
exe="$program/edgeclassifier"
[[ -x "$exe" ]] || { echo "measure-memory.sh: $exe not found" >&2; exit 2; }

work="$(mktemp -d /tmp/edgeclassifier-memory.XXXXXX)"
broker=""
cleanup() {
  if [[ -n $broker ]]; then
    kill "$broker" 2>/dev/null || true
    wait "$broker" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)"
# Started as root, mosquitto would switch to user "mosquitto"; nothing is persisted, so that would do no harm, but
# keep the broker as the caller.
[[ $(id -u) == 0 ]] && broker_user='user root' || broker_user=''
printf '%s\nlistener %s 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n' "$broker_user" "$port" \
  >"$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.out" 2>&1 &
broker=$!
for ((i = 0; i < 100; i++)); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.05
done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "measure-memory.sh: mosquitto did not open port $port" >&2; exit 1; }

# The unit's runtime settings, one NAME=VALUE per line (the lines scripts/soak.sh applies too).
unit_env=()
while IFS= read -r setting; do
  unit_env+=("$setting")
done < <(sed -n 's/^Environment=\(\(DOTNET\|MALLOC\)_[A-Za-z0-9_]*=[^ ]*\)$/\1/p' "$unit")

kib() { awk -v key="$1:" '$1 == key { print $2 }' "$2"; }

# One run: prints "<start-up KiB> <peak KiB> <anon KiB> <file KiB> <shmem KiB>".
one_run() { # web: on|off, env: unit|plain
  local web=$1 env=$2 dir
  dir="$(mktemp -d "$work/run.XXXXXX")"
  local args=(run --duration "${seconds}s" --Camera:Source=synthetic "--Model:Path=$model" --Mqtt:Host=127.0.0.1
    "--Mqtt:Port=$port" --Mqtt:DeviceId=memory --decisions-out "$dir/decisions.jsonl")
  if [[ $web == on ]]; then
    args+=("--Web:Urls=http://127.0.0.1:$(free_port)")
  else
    args+=(--Web:Enabled=false)
  fi
  local environment=("STATE_DIRECTORY=$dir/state")
  [[ $env == unit ]] && environment+=("${unit_env[@]}")
  # The shell writes its pid and becomes the service, so /proc/PID is the service's own (GNU time is its parent).
  env "${environment[@]}" /usr/bin/time -f '%M' -o "$dir/peak" \
    sh -c 'echo $$ >"$0"; exec "$@"' "$dir/pid" "$exe" "${args[@]}" >"$dir/log" 2>&1 &
  local waiter=$! pid="" startup="" steady_at=$((SECONDS + seconds - 3))
  # Bounded: the run lasts 20 s; give it 60 s, sampled every 50 ms.
  for ((i = 0; i < 1200; i++)); do
    [[ -z $pid && -s "$dir/pid" ]] && pid="$(cat "$dir/pid")"
    if [[ -n $pid ]] && cp "/proc/$pid/status" "$dir/status" 2>/dev/null; then
      [[ -z $startup && -s "$dir/decisions.jsonl" ]] && startup="$(kib VmRSS "$dir/status")"
      ((SECONDS >= steady_at)) && [[ ! -s "$dir/steady" ]] && cp "$dir/status" "$dir/steady"
    fi
    kill -0 "$waiter" 2>/dev/null || break
    sleep 0.05
  done
  wait "$waiter" || { echo "measure-memory.sh: the service failed:" >&2; tail -5 "$dir/log" >&2; exit 1; }
  [[ -n $startup ]] || { echo "measure-memory.sh: no decision in the run" >&2; exit 1; }
  [[ -s "$dir/steady" ]] || { echo "measure-memory.sh: the service ended before $((seconds - 3)) s" >&2; exit 1; }
  # The final stats document counts what the broker acknowledged: MQTT really ran.
  grep -q '"delivered": [1-9]' "$dir/log" || { echo "measure-memory.sh: nothing was delivered to the broker" >&2; exit 1; }
  echo "$startup $(cat "$dir/peak") $(kib RssAnon "$dir/steady") $(kib RssFile "$dir/steady") $(kib RssShmem "$dir/steady")"
  rm -rf "$dir"
}

median() { sort -n | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.1f", m / 1024}'; }
minimum() { sort -n | head -1 | awk '{printf "%.1f", $1 / 1024}'; }
column() { cut -d' ' -f"$1" <<<"$2"; }

echo "program: $exe, checkout: $(git -C "$repo_root" rev-parse --short HEAD), model: $(basename "$model"), $runs runs of ${seconds} s"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-8s %-6s %-20s %-20s %-8s %-8s %-8s\n' web env "start-up MiB (min)" "peak MiB (min)" anon file shmem
for web in off on; do
  for env in unit plain; do
    results=""
    for ((r = 0; r < runs; r++)); do
      results+="$(one_run "$web" "$env")"$'\n'
    done
    results="${results%$'\n'}"
    printf '%-8s %-6s %-20s %-20s %-8s %-8s %-8s\n' "$web" "$env" \
      "$(column 1 "$results" | median) ($(column 1 "$results" | minimum))" \
      "$(column 2 "$results" | median) ($(column 2 "$results" | minimum))" \
      "$(column 3 "$results" | median)" "$(column 4 "$results" | median)" "$(column 5 "$results" | median)"
  done
done

STATE_DIRECTORY="$work/bench-state" "$exe" bench --model "$model" --warmup 50 --runs 500 >"$work/bench.txt" 2>/dev/null
echo "bench: total p50 $(awk '$1 == "total" { print $6 }' "$work/bench.txt") ms," \
  "$(sed -n 's/^managed allocation *//p' "$work/bench.txt")," \
  "peak $(sed -n 's/^peak resident memory *//p' "$work/bench.txt")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
