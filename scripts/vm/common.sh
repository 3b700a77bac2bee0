# Settings shared by the VM test scripts (sourced). Everything downloaded or built once lives in $VMLAB_CACHE so CI
# can keep it between runs; per-run files go to $VMLAB_WORK.
set -euo pipefail
VMLAB_CACHE=${VMLAB_CACHE:-$HOME/.cache/edgeclassifier-vmlab}
VMLAB_WORK=${VMLAB_WORK:-${TMPDIR:-/tmp}/edgeclassifier-vm}
# Pinned: the kernel image, its headers and the gpio-sim module must be one build. Bookworm-backports keeps this
# version until a newer one replaces it; the checksums below make a silently different download fail loudly.
KVER=6.12.95+deb12-amd64
KPKGVER=6.12.95-1~bpo12+1
KSRC=linux-source-6.12
KCACHE=$VMLAB_CACHE/kernel-$KVER
APTO="-o Dir::Etc::sourcelist=$VMLAB_CACHE/apt/extra.list -o Dir::Etc::sourceparts=- -o Dir::State::Lists=$VMLAB_CACHE/apt/lists -o Dir::Cache=$VMLAB_CACHE/apt/cache -o APT::Get::List-Cleanup=0"
# The machine's own Debian mirror (deb822 or one-line sources), for the kernel download and the systemd guest root.
debian_mirror() {
  local m
  m=$(sed -n 's/^URIs: *\([^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
  [ -n "$m" ] || m=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
  echo "$m"
}

# Reads the guest's serial log $1: prints its check lines and sets $passed and $failed. $2 names the run in its own
# FAIL lines; $3 is how many checks a full run has (0: not checked), so a part that ends early without a FAIL line
# cannot pass unnoticed.
vm_tally() {
  local log=$1 name=$2 expected=$3
  tr -d '\r' < "$log" > "$log.txt"
  grep -E '^VMTEST (PASS|FAIL|LOG) ' "$log.txt" | sed 's/^VMTEST //; s/^LOG //' || true
  passed=$(grep -cE '^VMTEST PASS ' "$log.txt" || true)
  failed=$(grep -cE '^VMTEST FAIL ' "$log.txt" || true)
  if ! grep -q '^VMTEST END' "$log.txt"; then
    echo "FAIL $name-finished: the guest did not reach the end of its checks; last lines of $log:"
    tail -25 "$log.txt"
    failed=$((failed + 1))
  fi
  if ((expected > 0 && passed + failed < expected)); then
    echo "FAIL $name-check-count: the guest reported $((passed + failed)) checks, a full run has $expected"
    failed=$((failed + 1))
  fi
}
