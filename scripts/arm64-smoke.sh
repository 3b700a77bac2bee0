#!/usr/bin/env bash
# The linux-arm64 build on an emulated ARM core: publishes it (scripts/publish.sh linux-arm64) and runs it under
# qemu-aarch64 user-mode emulation with a Debian arm64 sysroot, where AdvSimd (NEON) is reported supported, so the
# vectorised preprocessing takes its ARM paths. Checks that `classify` of a shared image gives the reference top-1
# of ../shared/models/expected.json and that `diagnose preprocess` finds vectorised and scalar preprocessing
# byte-identical for every pixel format. Emulation is ~300x slower than native: a smoke test only.
# Prints one line per check and "arm64-smoke: N passed, N failed"; exit code 1 on any failure.
#   VM_TEST_SKIP_PUBLISH=1  reuse artifacts/publish/linux-arm64 as it is
#   VM_TEST_BREAK=1         expects a wrong label, to prove a failing check fails the run
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
source scripts/vm/common.sh
shared="$repo_root/../shared/models"
model=mobilenet_v1_0.25_128_quant.onnx
image=images/cat.bmp
app=artifacts/publish/linux-arm64/edgeclassifier

command -v qemu-aarch64-static >/dev/null ||
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user-static >/dev/null; }
# The sysroot comes from the machine's own mirror through a private apt state: the host's dpkg architectures stay as
# they are. (Not pinned: bookworm point releases replace these, and any bookworm libc runs the program.)
sysroot=$VMLAB_CACHE/sysroot-arm64
if [[ ! -f $sysroot/lib/ld-linux-aarch64.so.1 ]]; then
  a=$VMLAB_CACHE/apt-arm64
  mkdir -p $a/lists/partial $a/cache/archives/partial $a/debs
  mirror=$(sed -n 's/^URIs: *\([^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
  [[ -n "$mirror" ]] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
  echo "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main" > $a/sources.list
  opts=(-o Dir::Etc::sourcelist=$a/sources.list -o Dir::Etc::sourceparts=- -o Dir::State::Lists=$a/lists
    -o Dir::Cache=$a/cache -o Dir::State::status=/dev/null -o APT::Architecture=arm64 -o APT::Architectures::=arm64)
  apt-get "${opts[@]}" update -qq 2>&1 | grep -v unsandboxed || true
  (cd $a/debs && apt-get "${opts[@]}" download -qq libc6 libstdc++6 libgcc-s1 zlib1g 2>&1 | grep -v unsandboxed || true)
  rm -rf $sysroot && mkdir -p $sysroot
  for d in $a/debs/*.deb; do dpkg -x "$d" $sysroot; done
fi
if [[ "${VM_TEST_SKIP_PUBLISH:-}" != 1 || ! -x $app ]]; then
  scripts/publish.sh linux-arm64
fi

# ONNX Runtime reads /proc/cpuinfo to pick its kernels and fails on the x86 host's: an arm64 one is bind-mounted
# over it in a private mount namespace, for the emulated program only.
arm64() {
  unshare -m -- bash -c 'mount --bind "$0" /proc/cpuinfo && exec qemu-aarch64-static -cpu neoverse-n1 -L "$1" "${@:2}"' \
    "$repo_root/scripts/vm/cpuinfo-arm64.txt" "$sysroot" "$@"
}
passed=0 failed=0
check() { # name, "ok" or not, detail
  if [[ "$2" == ok ]]; then echo "PASS $1: $3"; passed=$((passed + 1)); else echo "FAIL $1: $3"; failed=$((failed + 1)); fi
}

expected=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
r = next(r for r in d["results"] if r["model"] == sys.argv[2] and r["image"] == sys.argv[3])
print(r["top5"][0]["index"], r["top5"][0]["score"], r["top5"][0]["label"], sep="\t")' "$shared/expected.json" "$model" "$image")
IFS=$'\t' read -r expected_index expected_score expected_label <<<"$expected"
[[ "${VM_TEST_BREAK:-}" == 1 ]] && expected_label="broken on purpose"

t0=$SECONDS
set +e
out=$(arm64 $app classify --json --top-k 1 --model "$shared/onnx/$model" "$shared/$image" 2>&1); rc=$?
set -e
top=$(grep -o '"results":\[{"index":[0-9]*,"label":"[^"]*","score":[0-9.]*' <<<"$out" | sed 's/"results":\[//')
check arm64-classify "$([[ $rc == 0 && "$top" == "{\"index\":$expected_index,\"label\":\"$expected_label\","* ]] && echo ok)" \
  "classify $image with $model: $top (expected index $expected_index '$expected_label'; exit $rc, $((SECONDS - t0)) s)"
score=${top##*:}
check arm64-classify-score "$(awk -v a="$score" -v b="$expected_score" 'BEGIN{d=a-b; if (d<0) d=-d; if (a != "" && d < 0.000002) print "ok"}')" \
  "top-1 score $score equals the reference $expected_score (the x64 ONNX Runtime's)"
[[ $rc == 0 ]] || tail -5 <<<"$out"

t0=$SECONDS
set +e
out=$(arm64 $app diagnose preprocess 2>&1); rc=$?
set -e
flat=$(tr -d ' \n' <<<"$out")
check arm64-advsimd "$([[ "$flat" == *'"architecture":"Arm64"'* && "$flat" == *'"vectorBits":128'* && "$flat" == *'"advSimd":true'* ]] && echo ok)" \
  "the emulated process is Arm64 with AdvSimd, preprocessing 128 bits (NEON) at a time: $(grep -o '"architecture":"[^"]*","vectorAccelerated":[a-z]*,"vectorBits":[0-9]*,"avx2":[a-z]*,"advSimd":[a-z]*' <<<"$flat")"
for f in RGB3 BGR3 YUYV UYVY NV12 YU12 GREY; do
  check arm64-preprocess-$f "$([[ "$flat" == *"{\"format\":\"$f\",\"match\":true"* ]] && echo ok)" \
    "vectorised (NEON) preprocessing equals the scalar reference for $f $(grep -o "{\"format\":\"$f\",[^}]*}" <<<"$flat")"
done
echo "arm64-smoke: diagnose preprocess exit $rc in $((SECONDS - t0)) s"
echo "arm64-smoke: $passed passed, $failed failed"
[[ $failed == 0 ]]
