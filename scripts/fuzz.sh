#!/usr/bin/env bash
# Fuzzes one kind of input the service reads, with AFL++ driving a SharpFuzz-instrumented harness
# (tests/EdgeClassifier.Fuzz):   scripts/fuzz.sh TARGET [SECONDS]     (default 300 s)
# Targets: tflite, image, mjpeg, labels, mqtt-command, config (scripts/fuzz.sh list prints them). The harness catches only the exception
# a target documents for bad input, so any other exception, a native crash or a hang is a finding. Prints the
# execution rate, the paths found and the crashes; exits 1 when there is a crash, leaving the inputs under
# $FUZZ_WORK/TARGET/findings/default/crashes (replay one: dotnet $FUZZ_WORK/TARGET/bin/EdgeClassifier.Fuzz.dll TARGET < FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=${FUZZ_WORK:-/tmp/edgeclassifier-fuzz}
target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS] | list}
seconds=${2:-300}

if ! command -v afl-fuzz >/dev/null; then
  echo "fuzz.sh: afl-fuzz not found; install AFL++ (apt-get install afl++)" >&2
  exit 2
fi

mkdir -p "$work"
dotnet tool restore >/dev/null
# The harness runs on the JIT (sharpfuzz instruments the IL): the service's own publish mode, Native AOT, is turned off
# for this publish, as a self-contained AOT project cannot be referenced by a framework-dependent one.
dotnet publish tests/EdgeClassifier.Fuzz -c Release -p:PublishAot=false -o "$work/build" --nologo -v quiet >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log" >&2; exit 1; }
if [[ $target == list ]]; then
  dotnet "$work/build/EdgeClassifier.Fuzz.dll" list
  exit 0
fi

# What to instrument per target: an assembly and the namespace prefixes whose branches count as coverage.
case $target in
  tflite) instrument=("edgeclassifier.dll EdgeClassifier.Models.Import" "Google.FlatBuffers.dll") ;;
  image | mjpeg) instrument=("EdgeClassifier.Hardware.dll EdgeClassifier.Hardware.Camera.ImageDecoding") ;;
  labels) instrument=("edgeclassifier.dll EdgeClassifier.Inference.LabelsFile") ;;
  mqtt-command) instrument=("edgeclassifier.dll EdgeClassifier.Outputs.Mqtt EdgeClassifier.Fleet.ModelOffer EdgeClassifier.Fleet.RemoteFile") ;;
  # Every options class and validator, the binder wrapper and the composition root; Hardware holds Camera and GPIO options.
  config) instrument=("edgeclassifier.dll" "EdgeClassifier.Hardware.dll") ;;
  *) echo "fuzz.sh: unknown target '$target'; targets: $(dotnet "$work/build/EdgeClassifier.Fuzz.dll" list | xargs)" >&2; exit 2 ;;
esac

# A fresh copy per run: sharpfuzz instruments in place and refuses an assembly it has already instrumented.
run=$work/$target
rm -rf "$run"
mkdir -p "$run"
cp -r "$work/build" "$run/bin"
for entry in "${instrument[@]}"; do
  read -r dll prefixes <<<"$entry"
  # shellcheck disable=SC2086 # prefixes is a list
  dotnet tool run sharpfuzz "$run/bin/$dll" $prefixes >"$run/instrument.log"
done

# Scratch files of the harness stay inside the run folder.
export TMPDIR=$run/tmp
mkdir -p "$TMPDIR"
# Seeds come from the uninstrumented build: instrumented code needs the shared memory afl-fuzz sets up.
dotnet "$work/build/EdgeClassifier.Fuzz.dll" seeds "$target" "$run/seeds"
shared=$repo/../shared/models
case $target in
  image) cp "$shared/images/face.jpg" "$run/seeds/" ;;
  labels) cp "$shared/onnx/imagenet_labels.txt" "$run/seeds/" ;;
esac

# dotnet itself carries no AFL instrumentation (the managed code does), the CPU is shared, and no terminal UI.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_AUTORESUME=0 DOTNET_CLI_TELEMETRY_OPTOUT=1
afl-fuzz -i "$run/seeds" -o "$run/findings" -V "$seconds" -t 10000 -m none \
  -- dotnet "$run/bin/EdgeClassifier.Fuzz.dll" "$target" >"$run/afl.log" 2>&1 \
  || { tail -30 "$run/afl.log" >&2; exit 1; }

stats=$run/findings/default/fuzzer_stats
value() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$stats"; }
crashes=$(find "$run/findings/default/crashes" -name 'id:*' 2>/dev/null | wc -l)
hangs=$(find "$run/findings/default/hangs" -name 'id:*' 2>/dev/null | wc -l)
echo "fuzz $target: $(value run_time) s, $(value execs_done) execs, $(value execs_per_sec) execs/s," \
  "$(value corpus_count) paths, coverage $(value bitmap_cvg), $crashes crashes, $hangs hangs"
if ((crashes > 0)); then
  echo "fuzz $target: crashing inputs in $run/findings/default/crashes" >&2
  exit 1
fi
