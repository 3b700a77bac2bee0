#!/bin/sh
# Runs inside the VM against the real vivid and gpio-sim drivers. Each check prints one marker line,
# "VMTEST PASS name: detail" or "VMTEST FAIL name: detail"; the host counts them.
APP=/app/edgeclassifier
MODEL=/models/mobilenet_v1_0.25_128_quant.onnx
OUT=/tmp/out; mkdir -p $OUT

verdict() { # name, then "ok" or anything else, then detail
  if [ "$2" = ok ]; then echo "VMTEST PASS $1: $3"; else echo "VMTEST FAIL $1: $3"; fi
}
# The value of a numeric JSON property in a file ("framesCaptured": 12 -> 12); empty when absent.
json_number() { sed -n "s/.*\"$2\": *\(-\{0,1\}[0-9][0-9.]*\).*/\1/p" "$1" | head -1; }

t0=$(cut -d' ' -f1 /proc/uptime)
$APP devices --json > $OUT/devices.json 2> $OUT/devices.err
verdict devices-run "$( [ $? = 0 ] && echo ok)" "exit code $?"
cat $OUT/devices.json
$APP devices
$APP gpio list
echo "VMTEST TIME devices $(cut -d' ' -f1 /proc/uptime) - $t0"
