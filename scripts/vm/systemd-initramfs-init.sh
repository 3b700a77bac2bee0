#!/bin/sh
# PID 1 of the systemd run's small initramfs: mounts the cached Debian root (a squashfs on the virtio disk) read-only
# with a tmpfs overlay on top, so the image is never written and every boot starts from it unchanged; adds this run's
# files (the release bundle, models, checks, kernel modules) to the overlay; then hands PID 1 to systemd.
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
modprobe virtio_blk; modprobe squashfs; modprobe overlay
n=0; while [ ! -b /dev/vda ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
mkdir -p /lower /rw /newroot
mount -t squashfs -o ro /dev/vda /lower || { echo "VMTEST FAIL systemd-boot: cannot mount the root image /dev/vda"; poweroff -f; }
mount -t tmpfs -o mode=0755 rw /rw
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work root /newroot
cp -a /payload/. /newroot/
# The root image carries no kernel: modules match the pinned kernel booted here, so they come with each run.
mkdir -p /newroot/usr/lib/modules && cp -a /lib/modules/. /newroot/usr/lib/modules/
for m in dev proc sys; do mount --move /$m /newroot/$m; done
exec switch_root /newroot /sbin/init
