#!/usr/bin/env bash
# Measures the frame path on this machine: `edgeclassifier bench` for each model, then the side-by-side suite
# (limit, this project, ML.NET, the ONNX Runtime tutorial pattern). Output lands in artifacts/performance/.
#
#   scripts/measure-performance.sh [MODELS_DIR]       default: ../shared/models/onnx
#
# Needs the .NET SDK (the side-by-side suite is a BenchmarkDotNet project). Close other work first: a busy CPU
# shows up as a slower model, not as an error. The load average is recorded next to the results.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
models_dir="${1:-$repo_root/../shared/models/onnx}"
models=(mobilenet_v2_1.0_224_quant mobilenet_v1_0.25_128_quant)
out="$repo_root/artifacts/performance"
mkdir -p "$out"

dotnet build -c Release src/EdgeClassifier/EdgeClassifier.csproj -v q -nologo
dotnet build -c Release tests/EdgeClassifier.SideBySide/EdgeClassifier.SideBySide.csproj -v q -nologo
exe="src/EdgeClassifier/bin/Release/net10.0/edgeclassifier.dll"

{ uname -m; nproc; uptime; } > "$out/machine.txt"
for model in "${models[@]}"; do
  dotnet "$exe" bench --model "$models_dir/$model.onnx" --threads 2 --warmup 50 --runs 500 | tee "$out/bench-$model.txt"
  dotnet "$exe" bench --model "$models_dir/$model.onnx" --threads 2 --warmup 50 --runs 500 --json > "$out/bench-$model.json"
  dotnet "$exe" bench --model "$models_dir/$model.onnx" --threads 2 --warmup 50 --runs 500 --spinning | tee "$out/bench-$model-spinning.txt"
done

(cd tests/EdgeClassifier.SideBySide && dotnet bin/Release/net10.0/EdgeClassifier.SideBySide.dll --check) | tee "$out/agreement.txt"
(cd tests/EdgeClassifier.SideBySide && dotnet bin/Release/net10.0/EdgeClassifier.SideBySide.dll --filter '*' --artifacts "$out/side-by-side") \
  | tee "$out/side-by-side.log"
uptime >> "$out/machine.txt"
echo "results in $out (tables: $out/side-by-side/results/*.md)"
