#!/usr/bin/env bash
# The model table for this board: `edgeclassifier compare` on the shared MobileNets (the four quantized ones and the
# float v2) with a dataset of the shared photos in folders named after their ImageNet labels. Prints one Markdown
# table and recommendation per budget given (each a fresh measurement).
#
#   scripts/compare-shared-models.sh [BUDGET_MS ...]     default: 33
#
# The load average is printed before and after: a busy CPU shows up as a slower model.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$repo_root/../shared/models"
budgets=("${@:-33}")
dataset="$(mktemp -d)"
trap 'rm -rf "$dataset"' EXIT

add() {
  local label="$1"
  shift
  mkdir -p "$dataset/$label"
  for image in "$@"; do cp "$shared/images/$image" "$dataset/$label/"; done
}
while IFS='|' read -r folder images; do
  # shellcheck disable=SC2086 # the image list is meant to split
  add "$folder" $images
done <<'LIST'
chickadee|bird.bmp
Egyptian cat|cat.bmp cat_720p.jpg cat_1080p.jpg resized_cat.bmp
dragonfly|dragonfly.bmp
military uniform|grace_hopper.bmp
hotdog|hot_dog.jpg
packet|missvickie_potato_chips.bmp
macaw|parrot.jpg
dumbbell|squat.bmp
daisy|sunflower.bmp
great grey owl|owl.jpg
LIST

dotnet build -c Release "$repo_root/src/EdgeClassifier/EdgeClassifier.csproj" -v q -nologo >/dev/null
exe="$repo_root/src/EdgeClassifier/bin/Release/net10.0/edgeclassifier.dll"
models=()
for name in mobilenet_v1_0.25_128_quant mobilenet_v1_0.5_160_quant mobilenet_v1_0.75_192_quant mobilenet_v2_1.0_224_quant mobilenet_v2_1.0_224_quant_float; do
  models+=("$shared/onnx/$name.onnx")
done

for budget in "${budgets[@]}"; do
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet "$exe" compare "${models[@]}" --dataset "$dataset" --budget "$budget" --threads 2 --markdown
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
