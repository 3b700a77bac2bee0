#!/usr/bin/env bash
# Builds self-contained, version-stamped copies of the edgeclassifier service for Linux boards.
#
#   scripts/publish.sh [RID ...]        RIDs: linux-arm64 (default), linux-x64
#
# Each build lands in artifacts/publish/RID/ and is checked by check-native-arch.sh, so a build that would carry
# a native library for the wrong processor (the classic cause of "DllNotFoundException: onnxruntime" on a Pi)
# fails here rather than on the board. Then it is packed with the install scripts, the unit and the udev rule into
# artifacts/edgeclassifier-VERSION-RID.tar.gz, the one file to copy to a board (see docs/deployment.md).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

if [[ $# -eq 0 ]]; then
  set -- linux-arm64
fi

# The version comes from a release tag (v1.2.3) when the commit has one nearby, else from the VERSION file;
# the commit id always goes into the informational version so `edgeclassifier --version` names the exact source.
version_from_tag="$(git describe --tags --match 'v[0-9]*' --abbrev=0 2>/dev/null || true)"
if [[ -n "$version_from_tag" ]]; then
  version="${version_from_tag#v}"
elif [[ -f VERSION ]]; then
  version="$(tr -d '[:space:]' < VERSION)"
else
  echo "publish.sh: no v* tag and no VERSION file in $repo_root; cannot stamp a version" >&2
  exit 2
fi
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git diff --quiet HEAD 2>/dev/null; then
  commit="${commit}.dirty"
fi

for rid in "$@"; do
  case "$rid" in
    linux-arm64) arch=aarch64 ;;
    linux-x64) arch=x86-64 ;;
    *)
      echo "publish.sh: unsupported runtime identifier '$rid' (allowed: linux-arm64, linux-x64)" >&2
      exit 2
      ;;
  esac

  # Native AOT (the csproj's publish mode) links with the system's toolchain; an arm64 program is cross-linked.
  missing=()
  for tool in clang:clang llvm-objcopy:llvm; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
  done
  if [[ $rid == linux-arm64 && $(uname -m) != aarch64 ]]; then
    for tool in ld.lld:lld aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu; do
      command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
    done
    [[ -f /usr/aarch64-linux-gnu/lib/libc.so ]] || missing+=(libc6-dev-arm64-cross)
  fi
  if ((${#missing[@]})); then
    echo "publish.sh: a Native AOT build for $rid needs: apt-get install ${missing[*]}" >&2
    exit 2
  fi

  out="artifacts/publish/$rid"
  rm -rf "$out"
  echo "== publishing $rid version $version+$commit into $out"
  started=$SECONDS
  dotnet publish src/EdgeClassifier/EdgeClassifier.csproj \
    -c Release -r "$rid" --self-contained true \
    -p:Version="$version" -p:SourceRevisionId="$commit" \
    -o "$out" --nologo -v quiet
  echo "== $rid published in $((SECONDS - started)) s"

  if [[ ! -f "$out/libonnxruntime.so" ]]; then
    echo "publish.sh: $out/libonnxruntime.so is missing: ONNX Runtime has no native library for $rid in this build" >&2
    exit 1
  fi
  cp docs/deployment.md "$out/deployment.md"
  # Models fetched into models/ (scripts/fetch-models.sh) ship with the build: the service finds <install>/models.
  if compgen -G "models/*.onnx" >/dev/null; then
    mkdir -p "$out/models"
    cp models/*.onnx models/*.txt "$out/models/" 2>/dev/null || true
    echo "== $rid: bundled $(ls models/*.onnx | wc -l) model(s) from models/"
  else
    echo "== $rid: no models/ to bundle (run scripts/fetch-models.sh first, or set Model:Path on the board)"
  fi
  "$repo_root/scripts/check-native-arch.sh" "$out" "$arch"

  bundle="edgeclassifier-$version-$rid"
  rm -rf "artifacts/$bundle" "artifacts/$bundle.tar.gz"
  mkdir -p "artifacts/$bundle"
  cp -a "$out" "artifacts/$bundle/app"
  cp scripts/install.sh scripts/uninstall.sh scripts/check-native-arch.sh deploy/systemd/edgeclassifier.service \
    deploy/udev/99-edgeclassifier-camera.rules docs/deployment.md "artifacts/$bundle/"
  tar -C artifacts -czf "artifacts/$bundle.tar.gz" "$bundle"
  rm -rf "artifacts/$bundle"
  echo "== $rid bundle: artifacts/$bundle.tar.gz ($(du -h "artifacts/$bundle.tar.gz" | cut -f1))"
done
