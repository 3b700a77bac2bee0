#!/bin/bash
# Builds the Debian root the systemd VM run boots read-only (scripts/vm/systemd-run.sh puts a tmpfs overlay on it):
# bookworm minbase with systemd as PID 1, udev (it gives /dev/video0 the video group the unit relies on) and kmod.
# Nothing of the project is in it — the service bundle, the checks and the kernel modules come per run — so it is
# built once and cached in $VMLAB_CACHE as a squashfs named by a hash of this script (the package list lives here).
# usage: build-systemd-root.sh   (prints the image's path on its last line)
source "$(dirname "$0")/common.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
# libssl3: .NET dlopens OpenSSL for its cryptography, and no package here depends on it.
PACKAGES=systemd,systemd-sysv,udev,kmod,libssl3
KEY=$(sha256sum "$HERE/build-systemd-root.sh" | cut -c1-12)
OUT=$VMLAB_CACHE/systemd-root-$KEY.squashfs
if [ -f "$OUT" ]; then echo "build-systemd-root: cached"; echo "$OUT"; exit 0; fi

need=()
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v mksquashfs >/dev/null || need+=(squashfs-tools)
if ((${#need[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

mkdir -p "$VMLAB_WORK" "$VMLAB_CACHE"
R=$VMLAB_WORK/systemd-root
rm -rf "$R"
t0=$SECONDS
# Masked: consoles (the serial line carries the VMTEST lines), first-boot prompts and periodic jobs that would
# only slow an emulated boot. A fixed machine-id makes every boot a known, non-first boot.
mmdebstrap --quiet --variant=minbase --include=$PACKAGES \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --customize-hook='echo vmtest > "$1/etc/hostname"' \
  --customize-hook='echo 5e1f0c0ffee0000000000000000e1a55 > "$1/etc/machine-id"' \
  --customize-hook='chroot "$1" systemctl mask serial-getty@ttyS0.service getty@tty1.service systemd-firstboot.service apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer fstrim.timer' \
  bookworm "$R" "deb $(debian_mirror) bookworm main"
mksquashfs "$R" "$OUT.tmp" -comp zstd -noappend -quiet -no-progress
mv "$OUT.tmp" "$OUT"
rm -rf "$R"
echo "build-systemd-root: built in $((SECONDS - t0)) s, $(du -h "$OUT" | cut -f1)"
echo "$OUT"
