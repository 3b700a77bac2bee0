#!/bin/bash
# The systemd run of the VM suite: boots the pinned kernel under QEMU (TCG) into a small Debian root with systemd as
# PID 1 (built by build-systemd-root.sh, cached), installs the release bundle there with its install.sh and an
# emulation drop-in, and checks the unit through a 60 s camera unplug and a stuck inference (systemd-checks.sh).
# Prints one "PASS|FAIL name: detail" line per check and "vm-systemd: N passed, N failed"; exit 1 on any failure.
# Called by scripts/vm-test.sh after the busybox run (fetch.sh and publish.sh have run); runs alone as well.
#   VM_SYSTEMD_TIMEOUT  seconds the VM may run (default 900)
source "$(dirname "$0")/common.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
models=$REPO/../shared/models/onnx
W=$VMLAB_WORK/systemd; rm -rf $W; mkdir -p $W/models
started=$SECONDS

bundle=$(ls -t $REPO/artifacts/edgeclassifier-*-linux-x64.tar.gz 2>/dev/null | head -1)
[ -n "$bundle" ] || { echo "vm-systemd: no artifacts/edgeclassifier-*-linux-x64.tar.gz: run scripts/publish.sh linux-x64" >&2; exit 2; }
t0=$SECONDS
root=$($HERE/build-systemd-root.sh | tee /dev/stderr | tail -1)
root_s=$((SECONDS - t0))
# The model whose one inference takes seconds natively (minutes emulated), written by the tests' own builder.
t0=$SECONDS
dotnet run -c Release --project $REPO/tests/EdgeClassifier.TestModels -- matmul-chain $W/models 1024 60 >/dev/null
cp $models/mobilenet_v1_0.25_128_quant.onnx $models/imagenet_labels.txt $W/models/
$HERE/mksystemd-initramfs.sh $W/initrd.cpio "$bundle" $W/models
pack_s=$((SECONDS - t0))

log=$W/serial.log
echo "== booting the systemd VM (serial log: $log)"
t0=$SECONDS
# readonly: the cached image is never written, whatever the guest does (it writes to its tmpfs overlay).
timeout "${VM_SYSTEMD_TIMEOUT:-900}" qemu-system-x86_64 -accel tcg -cpu max -m 2048 -smp 2 -nodefaults -no-reboot \
  -kernel "$KCACHE/kroot/boot/vmlinuz-$KVER" -initrd $W/initrd.cpio \
  -drive file="$root",format=raw,if=virtio,readonly=on \
  -append "console=ttyS0 rdinit=/init panic=-1 loglevel=4 systemd.show_status=error" \
  -display none -serial stdio -monitor none < /dev/null > "$log" 2>&1 || echo "vm-systemd: qemu exited with $? (log: $log)"
vm_s=$((SECONDS - t0))

vm_tally "$log" systemd 13
guest=$(grep -E '^VMTEST TIME ' "$log.txt" | awk '{printf "%s %ss ", $3, $4}')
echo "vm-systemd timings: root ${root_s}s model+initramfs ${pack_s}s vm ${vm_s}s (guest: ${guest}) total $((SECONDS - started))s"
echo "vm-systemd: $passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
