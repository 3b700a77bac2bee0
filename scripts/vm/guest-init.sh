#!/bin/sh
# PID 1 of the test VM: brings up the real drivers — vivid as /dev/video0 and a gpio-sim chip with named lines —
# then runs /app/guest-checks.sh, whose VMTEST marker lines on the serial console are what the host judges.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev; mount -t tmpfs tmp /tmp
# Loopback, as on any board: the service's embedded MQTT broker listens on localhost.
ip link set lo up
# One webcam-type input: discrete sizes (640x480 among them) and frame rates, like a USB camera.
modprobe vivid n_devs=1 node_types=0x1 num_inputs=1 input_types=0x0
modprobe gpio-sim; mount -t configfs none /sys/kernel/config
C=/sys/kernel/config/gpio-sim/vmtest
mkdir $C $C/bank0; echo 8 > $C/bank0/num_lines
n=0
for name in pir indicator status spare; do
  mkdir $C/bank0/line$n; echo $name > $C/bank0/line$n/name; n=$((n + 1))
done
echo 1 > $C/live
# The chip's name and its simulator side: sim_gpioN/pull drives an input, sim_gpioN/value reads an output.
export GPIOSIM_CHIP=$(cat $C/bank0/chip_name)
export GPIOSIM_SYSFS=/sys/devices/platform/$(cat $C/dev_name)/$GPIOSIM_CHIP
export HOME=/tmp DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "VMTEST READY $(ls /dev/video*) $GPIOSIM_CHIP uptime $(cut -d' ' -f1 /proc/uptime)s"
sh /app/guest-checks.sh
echo "VMTEST END rc=$? uptime $(cut -d' ' -f1 /proc/uptime)s"
poweroff -f
