#!/bin/bash
# Packs the guest: busybox, the vivid and configfs modules (with dependencies), gpio-sim.ko, the libgpiod tools,
# the published service with every library it loads, the guest scripts and the test model.
# usage: mkinitramfs.sh OUT.cpio PUBLISH_DIR MODEL_DIR
source "$(dirname "$0")/common.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$1; APP=$2; MODELS=$3
S=$VMLAB_WORK/stage; rm -rf $S; mkdir -p $S/{bin,sbin,dev,proc,sys,tmp,etc,root,app,models,lib64,lib/modules/$KVER/extra}
cp /bin/busybox $S/bin/busybox
for a in $(/bin/busybox --list); do [ -e $S/bin/$a ] || ln -s busybox $S/bin/$a; done
K=$KCACHE/kroot/lib/modules/$KVER
for m in vivid configfs; do modprobe -S $KVER -d $KCACHE/kroot --show-depends $m; done | awk '/^insmod/{print $2}' | sort -u |
  while read -r f; do rel=${f#$KCACHE/kroot/}; mkdir -p $S/$(dirname $rel); xz -dc $f > $S/${rel%.xz}; done
cp $KCACHE/gpio-sim.ko $S/lib/modules/$KVER/extra/
cp $K/modules.order $K/modules.builtin* $S/lib/modules/$KVER/ 2>/dev/null || true
depmod -b $S $KVER
copy_with_libs() {
  for f in "$@"; do
    cp -L --parents "$f" $S/
    ldd "$f" | grep -o '/[^ )]*' | while read -r l; do cp -L --parents "$l" $S/ 2>/dev/null || true; done
  done
}
# System.Device.Gpio dlopens libgpiod at run time, so ldd of the program does not show it.
copy_with_libs /usr/bin/gpioinfo /usr/bin/gpioget $(ldconfig -p | awk '/libgpiod.so.2 .*x86-64/{print $NF; exit}')
cp -L /lib64/ld-linux-x86-64.so.2 $S/lib64/
# .NET also dlopens OpenSSL for its cryptography (the embedded broker's per-run device secret, hashes), which ldd
# does not show; every board's OS has it, the initramfs must carry it too.
copy_with_libs $(ldconfig -p | awk '/libssl.so.3 .*x86-64/{print $NF; exit}')
cp -a "$APP"/. $S/app/
for f in "$APP"/edgeclassifier "$APP"/*.so; do
  ldd "$f" 2>/dev/null | grep -o '/[^ )]*' | grep -v "^$APP/" | while read -r l; do cp -L --parents "$l" $S/ 2>/dev/null || true; done
done
cp -a "$MODELS"/. $S/models/
cp $HERE/guest-init.sh $S/init && chmod +x $S/init
cp $HERE/guest-checks.sh $S/app/guest-checks.sh
(cd $S && find . | cpio -o -H newc --quiet) > "$OUT"
echo "mkinitramfs: $OUT $(du -h "$OUT" | cut -f1), $(find $S/lib/modules -name '*.ko' | wc -l) modules"
