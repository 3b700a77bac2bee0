#!/usr/bin/env bash
# Fills models/ with the default classifier (MobileNet V2 1.0/224, uint8) and a small fallback
# (MobileNet V1 0.25/128, uint8), each with its ImageNet labels.
#   scripts/fetch-models.sh                 download the TFLite originals and convert them with `edgeclassifier import`
#   scripts/fetch-models.sh --from DIR      copy ONNX models from a local folder (air-gapped devices, CI):
#                                           DIR/onnx/<name>.onnx and DIR/onnx/imagenet_labels.txt (the team's shared/models layout)
set -euo pipefail
cd "$(dirname "$0")/.."
dest=models
names=(mobilenet_v2_1.0_224_quant mobilenet_v1_0.25_128_quant)
mkdir -p "$dest"

if [[ "${1:-}" == "--from" ]]; then
  src="${2:?usage: $0 --from DIR}"
  [[ -d "$src/onnx" ]] && src="$src/onnx"
  for name in "${names[@]}"; do
    cp -f "$src/$name.onnx" "$dest/"
  done
  cp -f "$src/imagenet_labels.txt" "$dest/"
  echo "models/: copied ${names[*]} from $src"
  exit 0
fi

# The public home of these models is the Coral test-data repository (Apache-2.0); they are TFLite files,
# converted here to ONNX by this project's own importer.
base="https://raw.githubusercontent.com/google-coral/test_data/104342d2d3480b3e66203073dac24f4e2dbb4c41"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -fsSL "$base/imagenet_labels.txt" -o "$tmp/imagenet_labels.txt"
for name in "${names[@]}"; do
  curl -fsSL "$base/$name.tflite" -o "$tmp/$name.tflite"
  dotnet run -c Release --project src/EdgeClassifier -- import "$tmp/$name.tflite" --labels "$tmp/imagenet_labels.txt" -o "$dest/$name.onnx"
done
echo "models/: downloaded and converted ${names[*]}"
