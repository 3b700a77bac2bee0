#!/bin/bash
# Packs the small initramfs of the systemd run: busybox and systemd-initramfs-init.sh to mount the root image, the
# modules for that (virtio_blk, squashfs, overlay) and for vivid, and the payload copied into the guest root: the
# release bundle (as a board gets it, with install.sh), the models, the checks and their unit, the emulation drop-in.
# usage: mksystemd-initramfs.sh OUT.cpio BUNDLE.tar.gz MODEL_DIR
source "$(dirname "$0")/common.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$1; BUNDLE=$2; MODELS=$3
S=$VMLAB_WORK/systemd-stage; rm -rf $S; mkdir -p $S/{bin,dev,proc,sys,payload/opt/vmtest/bundle,payload/opt/vmtest/models}
cp /bin/busybox $S/bin/busybox
for a in $(/bin/busybox --list); do [ -e $S/bin/$a ] || ln -s busybox $S/bin/$a; done
for m in virtio_blk squashfs overlay vivid; do modprobe -S $KVER -d $KCACHE/kroot --show-depends $m; done | awk '/^insmod/{print $2}' | sort -u |
  while read -r f; do rel=${f#$KCACHE/kroot/}; rel=lib/${rel#*lib/}; mkdir -p $S/$(dirname $rel); xz -dc $f > $S/${rel%.xz}; done
K=$KCACHE/kroot/lib/modules/$KVER
[ -d $K ] || K=$KCACHE/kroot/usr/lib/modules/$KVER
cp $K/modules.order $K/modules.builtin* $S/lib/modules/$KVER/ 2>/dev/null || true
depmod -b $S $KVER
P=$S/payload
tar -xzf "$BUNDLE" -C $P/opt/vmtest/bundle --strip-components=1
cp -a "$MODELS"/. $P/opt/vmtest/models/
cp $HERE/systemd-checks.sh $HERE/edgeclassifier-tcg.conf $P/opt/vmtest/
mkdir -p $P/etc/systemd/system/multi-user.target.wants
cp $HERE/vmtest-systemd.service $P/etc/systemd/system/
ln -s ../vmtest-systemd.service $P/etc/systemd/system/multi-user.target.wants/vmtest-systemd.service
chmod -R go+rX $P
cp $HERE/systemd-initramfs-init.sh $S/init && chmod +x $S/init
(cd $S && find . | cpio -o -H newc --quiet) > "$OUT"
echo "mksystemd-initramfs: $OUT $(du -h "$OUT" | cut -f1), $(find $S/lib/modules -name '*.ko' | wc -l) modules"
