#!/usr/bin/env bash
# The deployment checks for CI, in one call from .ci/run:
#   the systemd unit verifies and scores <= 2.0; a linux-arm64 build holds only aarch64 native files; a build for
#   this machine installs, upgrades and uninstalls cleanly (in a private mount namespace).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

case "$(uname -m)" in
  x86_64) host_rid=linux-x64 ;;
  aarch64) host_rid=linux-arm64 ;;
  *)
    echo "ci-deployment.sh: no build for $(uname -m)" >&2
    exit 1
    ;;
esac

scripts/check-unit.sh
rids=(linux-arm64)
if [[ "$host_rid" != linux-arm64 ]]; then
  rids+=("$host_rid")
fi
rm -f artifacts/edgeclassifier-*.tar.gz
scripts/publish.sh "${rids[@]}"
bundles=(artifacts/edgeclassifier-*-"$host_rid".tar.gz)
scripts/test-install.sh "${bundles[0]}"
echo "ci-deployment.sh: all deployment checks passed"
