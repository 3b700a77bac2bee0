#!/usr/bin/env bash
# Start-up time and peak memory of `edgeclassifier run` per publish mode, and each mode's size on disk.
#
#   scripts/measure-startup.sh [RUNS]        default 5 runs per mode
#
# Publishes self-contained linux-x64 builds into artifacts/startup/<mode> — jit (IL only, compiled as it runs) and
# r2r (ReadyToRun: precompiled, the JIT only re-optimises hot methods) — and the linux-arm64 build in both modes for
# its size. Each run starts the service on the synthetic camera with the shared v2 quant model (MQTT and web off,
# Decision:Mode=instant so the first frame decides) and measures, from the moment the process is started:
#   first decision  when the first line appears in the --decisions-out file (model loaded, camera open, one frame)
#   peak RSS        VmHWM over the whole 10-second run, from GNU time
# Prints one line per mode with the median (and min) of the runs. The machine's load average is printed too: a
# busy machine stretches start-up (JIT work competes for the cores), so compare modes from the same run.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
runs="${1:-5}"
model="$repo_root/../shared/models/onnx/mobilenet_v2_1.0_224_quant.onnx"
[[ -f "$model" ]] || { echo "measure-startup.sh: $model not found (the shared models folder)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "measure-startup.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
out="$repo_root/artifacts/startup"
mkdir -p "$out"

publish() { # rid, mode
  local rid=$1 mode=$2 r2r=false
  [[ $mode == r2r ]] && r2r=true
  if [[ ! -x "$out/$rid-$mode/edgeclassifier" ]]; then
    dotnet publish src/EdgeClassifier/EdgeClassifier.csproj -c Release -r "$rid" --self-contained true \
      -p:PublishReadyToRun=$r2r -o "$out/$rid-$mode" --nologo -v quiet >/dev/null
  fi
}

median() { sort -n | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.0f", m}'; }
minimum() { sort -n | head -1; }

# One run: prints "<ms to first decision> <peak RSS KiB>".
one_run() { # exe
  local exe=$1 work
  work=$(mktemp -d)
  local started
  started=$(date +%s%N)
  STATE_DIRECTORY="$work/state" /usr/bin/time -f '%M' -o "$work/rss" "$exe" run --duration 10s \
    --Camera:Source=synthetic "--Model:Path=$model" --Mqtt:Enabled=false --Web:Enabled=false \
    --Decision:Mode=instant --decisions-out "$work/decisions.jsonl" >"$work/log" 2>&1 &
  local pid=$! first=""
  # Bounded: 30 s at most for the first decision, polled every 5 ms.
  for ((i = 0; i < 6000; i++)); do
    if [[ -s "$work/decisions.jsonl" ]]; then
      first=$((($(date +%s%N) - started) / 1000000))
      break
    fi
    sleep 0.005
  done
  wait "$pid" || { echo "measure-startup.sh: the service failed:" >&2; tail -5 "$work/log" >&2; exit 1; }
  [[ -n $first ]] || { echo "measure-startup.sh: no decision within 30 s" >&2; exit 1; }
  echo "$first $(cat "$work/rss")"
  rm -rf "$work"
}

for rid in linux-x64 linux-arm64; do
  for mode in jit r2r; do
    publish "$rid" "$mode"
  done
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-6s %-12s %-14s %-22s %-16s\n' mode "x64 size" "arm64 size" "first decision (min)" "peak RSS (min)"
for mode in jit r2r; do
  results=()
  for ((r = 0; r < runs; r++)); do
    results+=("$(one_run "$out/linux-x64-$mode/edgeclassifier")")
  done
  times=$(printf '%s\n' "${results[@]}" | cut -d' ' -f1)
  rss=$(printf '%s\n' "${results[@]}" | cut -d' ' -f2)
  printf '%-6s %-12s %-14s %-22s %-16s\n' "$mode" "$(du -sh "$out/linux-x64-$mode" | cut -f1)" \
    "$(du -sh "$out/linux-arm64-$mode" | cut -f1)" \
    "$(median <<<"$times") ms ($(minimum <<<"$times"))" \
    "$(($(median <<<"$rss") / 1024)) MiB ($(($(minimum <<<"$rss") / 1024)))"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
