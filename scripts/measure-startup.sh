#!/usr/bin/env bash
# Start-up time and peak memory of `edgeclassifier run` per publish mode, and each mode's size on disk.
#
#   scripts/measure-startup.sh [RUNS]        default 5 runs per mode
#
# Publishes self-contained linux-x64 builds into artifacts/startup/<rid>-<mode> — jit (IL only, compiled as it runs),
# r2r (ReadyToRun: precompiled, the JIT only re-optimises hot methods), r2r-composite (ReadyToRun compiled as one
# image with the framework, so calls across assemblies need no stubs) and aot (Native AOT: one trimmed native
# executable, no JIT at all) — and the linux-arm64 build in each mode for its size (an arm64 aot needs the cross
# toolchain: clang, lld, llvm, gcc-aarch64-linux-gnu and libc6-dev-arm64-cross from apt; "-" when a mode does not build,
# its log is artifacts/startup/<rid>-<mode>.log). A folder already published is reused: delete it after a change.
# Each run starts the service on the synthetic camera with the shared v2 quant model (MQTT and web off,
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

modes=(jit r2r r2r-composite aot)

publish() { # rid, mode
  local rid=$1 mode=$2 properties
  case $mode in
    # The csproj publishes Native AOT (aot, as scripts/publish.sh builds); the other modes turn it off.
    jit) properties=(-p:PublishAot=false -p:PublishReadyToRun=false) ;;
    r2r) properties=(-p:PublishAot=false -p:PublishReadyToRun=true) ;;
    r2r-composite) properties=(-p:PublishAot=false -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true) ;;
    aot) properties=() ;;
  esac
  if [[ ! -x "$out/$rid-$mode/edgeclassifier" ]]; then
    # ReadyToRun and composite ReadyToRun keep their compiled assemblies in the same intermediate folder, and a
    # publish reuses what is there: after a composite one, plain r2r would ship the composite's stubs without the image.
    rm -rf "src/EdgeClassifier/obj/Release/net10.0/$rid/R2R"
    dotnet publish src/EdgeClassifier/EdgeClassifier.csproj -c Release -r "$rid" --self-contained true \
      "${properties[@]}" -o "$out/$rid-$mode" --nologo -v quiet >"$out/$rid-$mode.log" 2>&1 ||
      echo "measure-startup.sh: $rid $mode did not publish (see $out/$rid-$mode.log)" >&2
  fi
}

# The publish folder's size, or "-" when that mode did not publish. Native AOT writes the program's debug symbols
# beside it (edgeclassifier.dbg, about twice the program); they are for debuggers and left out here.
size() { # rid, mode
  if [[ -x "$out/$1-$2/edgeclassifier" ]]; then du -sh --exclude='*.dbg' "$out/$1-$2" | cut -f1; else echo -; fi
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
  for mode in "${modes[@]}"; do
    publish "$rid" "$mode"
  done
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-14s %-12s %-14s %-22s %-16s\n' mode "x64 size" "arm64 size" "first decision (min)" "peak RSS (min)"
for mode in "${modes[@]}"; do
  [[ -x "$out/linux-x64-$mode/edgeclassifier" ]] || continue
  results=()
  for ((r = 0; r < runs; r++)); do
    results+=("$(one_run "$out/linux-x64-$mode/edgeclassifier")")
  done
  times=$(printf '%s\n' "${results[@]}" | cut -d' ' -f1)
  rss=$(printf '%s\n' "${results[@]}" | cut -d' ' -f2)
  printf '%-14s %-12s %-14s %-22s %-16s\n' "$mode" "$(size linux-x64 "$mode")" "$(size linux-arm64 "$mode")" \
    "$(median <<<"$times") ms ($(minimum <<<"$times"))" \
    "$(($(median <<<"$rss") / 1024)) MiB ($(($(minimum <<<"$rss") / 1024)))"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
