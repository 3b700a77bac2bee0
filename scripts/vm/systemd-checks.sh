#!/bin/bash
# Runs inside the systemd VM (vmtest-systemd.service), with systemd as PID 1: installs the release bundle with its own
# install.sh, as on a board, plus the emulation drop-in, then checks what only a real systemd shows — the unit stays
# up through a 60 s camera unplug, and a stuck inference gets the service restarted. One "VMTEST PASS|FAIL name:
# detail" line per check and "VMTEST TIME step s" per step on the serial console; the host judges only these.
set -u
V=/opt/vmtest
MODEL=$V/models/mobilenet_v1_0.25_128_quant.onnx
STUCK_MODEL=$V/models/matmul-chain.onnx
UNIT=edgeclassifier.service

now() { cut -d' ' -f1 /proc/uptime; }
step_started=$(now)
step_done() { echo "VMTEST TIME systemd-$1 $(awk -v a="$step_started" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')"; step_started=$(now); }
check() { # name, verdict ("ok" passes), detail, [a command whose output explains a failure]
  if [ "$2" = ok ]; then echo "VMTEST PASS $1: $3"; else
    echo "VMTEST FAIL $1: $3"
    if [ -n "${4:-}" ]; then eval "$4" 2>&1 | tail -40 | sed 's/^/VMTEST LOG   /'; fi
  fi
}
# "ok" when every condition holds: use as "$(cond1 && cond2 && ok)" — all of the && chain is in the verdict.
ok() { echo ok; }
prop() { systemctl show -P "$1" $UNIT; }
journal() { journalctl -u $UNIT --no-pager -o cat "$@"; }
# The stats document from the service's web API on loopback (bash's /dev/tcp: the guest has no HTTP client).
stats() {
  (
    exec 3<>/dev/tcp/127.0.0.1/8080 || exit 0
    printf 'GET /api/stats HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    timeout 10 cat <&3 | tr -d '\r\n'
  ) 2>/dev/null
}
json_number() { echo "$1" | sed -n "s/.*\"$2\": *\(-\{0,1\}[0-9][0-9.]*\).*/\1/p"; }
# Waits (bounded) until a command succeeds; returns its status.
wait_for() { # seconds, command...
  local limit=$1 n=0; shift
  until "$@"; do n=$((n + 1)); [ $n -ge "$limit" ] && return 1; sleep 1; done
}
frames() { json_number "$(stats)" framesCaptured; }
frames_above() { local f; f=$(frames); [ -n "$f" ] && [ "$f" -gt "$1" ]; }

echo "VMTEST READY systemd $(systemctl --version | head -1 | cut -d' ' -f2) as PID 1 ($(cat /proc/1/comm)), uptime $(now)s"
check systemd-pid1 "$([ "$(cat /proc/1/comm)" = systemd ] && ok)" "PID 1 is $(cat /proc/1/comm); root $(findmnt -no FSTYPE /) (read-only squashfs under a tmpfs overlay)"

# --- the camera: vivid, given its group by udev ------------------------------------------------------------------------
modprobe vivid n_devs=1 node_types=0x1 num_inputs=1 input_types=0x0
udevadm settle --timeout=60
check systemd-video-group "$([ "$(stat -c %G /dev/video0 2>/dev/null)" = video ] && ok)" \
  "udev made /dev/video0 $(stat -c '%U:%G %a' /dev/video0 2>/dev/null) (the unit's user reaches it through the video group)"

# --- install as on a board: the bundle's install.sh, with a config written first (install.sh keeps it) ----------------
mkdir -p /etc/edgeclassifier /etc/systemd/system/$UNIT.d
cat > /etc/edgeclassifier/config.json <<EOF
{
  "Camera": { "Source": "v4l2", "Device": "/dev/video0", "PixelFormat": "YUYV", "Width": 640, "Height": 480, "Fps": 10, "StallTimeoutSeconds": 2 },
  "Model": { "Path": "$MODEL" },
  "Runtime": { "Threads": 1 },
  "Mqtt": { "Enabled": false },
  "Pipeline": { "StatsIntervalSeconds": 5 }
}
EOF
chmod 0644 /etc/edgeclassifier/config.json
cp $V/edgeclassifier-tcg.conf /etc/systemd/system/$UNIT.d/tcg.conf
bash $V/bundle/install.sh > /tmp/install.log 2>&1; rc=$?
check systemd-install "$([ $rc = 0 ] && ok)" "the bundle's install.sh exit $rc; unit $(prop FragmentPath), drop-ins: $(prop DropInPaths)" "cat /tmp/install.log"
watchdog=$(prop WatchdogUSec)
check systemd-dropin "$([ "$watchdog" = "1min 30s" ] && ok)" "WatchdogSec from the emulation drop-in: $watchdog"
step_done install

wait_for 400 frames_above 0
before=$(frames)
state=$(prop ActiveState); restarts=$(prop NRestarts)
check systemd-started "$([ "$state" = active ] && [ "$restarts" = 0 ] && [ -n "$before" ] && [ "$before" -gt 0 ] && ok)" \
  "unit $state/$(prop SubState) (Type=notify: READY=1 sent), NRestarts $restarts, framesCaptured ${before:-none} from /api/stats; status: $(prop StatusText)" "journal"
step_done start

# --- the camera goes away for 60 s and comes back: the unit stays up, same process, frames flow again -------------------
pid=$(prop MainPID)
echo vivid.0 > /sys/bus/platform/drivers/vivid/unbind
unbound_at=$(awk '{printf "%d", $1 * 1000000}' /proc/uptime) # CLOCK_MONOTONIC in µs, as systemd's *Monotonic
unbound_epoch=$(date +%s)
sleep 5
gone=$([ -e /dev/video0 ] && echo present || echo gone)
during=$(frames)
sleep 55
# The last WATCHDOG=1 systemd received: the loop waiting for the camera must keep feeding it.
pinged_at=$(prop WatchdogTimestampMonotonic)
# The service logs each watchdog tick (every WatchdogSec/2) that found no loop turn since the last one.
withheld=$(journal --since @$unbound_epoch | grep -c 'withholding watchdog pings')
echo vivid.0 > /sys/bus/platform/drivers/vivid/bind
at_rebind=$(frames)
wait_for 120 frames_above "${at_rebind:-0}"
s=$(stats)
after=$(json_number "$s" framesCaptured)
check systemd-unplug-gone "$([ $gone = gone ] && ok)" "/dev/video0 $gone while vivid is unbound"
check systemd-unplug-no-frames "$([ -n "$during" ] && [ "$during" = "$at_rebind" ] && ok)" \
  "no frames while unbound: framesCaptured ${during:-none} at 5 s, ${at_rebind:-none} at 60 s"
state=$(prop ActiveState); restarts=$(prop NRestarts); pid_after=$(prop MainPID)
check systemd-unplug-active "$([ "$state" = active ] && [ "$restarts" = 0 ] && [ "$pid_after" = "$pid" ] && ok)" \
  "after 60 s unbound: $state, NRestarts $restarts, main PID $pid_after (was $pid)" "journal"
check systemd-unplug-pings "$([ "${pinged_at:-0}" -gt "$unbound_at" ] && [ "$withheld" = 0 ] && ok)" \
  "watchdog pings went on while unbound: last WATCHDOG=1 $(( (${pinged_at:-0} - unbound_at) / 1000000 )) s after the unbind, $withheld ticks withheld (WatchdogSec $watchdog)" "journal"
check systemd-unplug-frames-again "$([ -n "$after" ] && [ "$after" -gt "${at_rebind:-0}" ] && [ "$(json_number "$s" reconnects)" -gt 0 ] 2>/dev/null && ok)" \
  "frames flow again after rebind: framesCaptured ${at_rebind:-none} -> ${after:-none}, reconnects $(json_number "$s" reconnects)" "journal"
step_done unplug

# --- a stuck inference: the service exits 1 by itself and systemd restarts it ----------------------------------------
# A runtime drop-in swaps in the model whose one inference takes minutes emulated (far over the 30 s limit).
stuck_since=$(date +%s) # the stuck phase's journal, so a watchdog kill earlier on is not blamed on it
mkdir -p /run/systemd/system/$UNIT.d
printf '[Service]\nEnvironment=EDGECLASSIFIER__Model__Path=%s\n' $STUCK_MODEL > /run/systemd/system/$UNIT.d/stuck-model.conf
systemctl daemon-reload
systemctl restart $UNIT
restarts_before=$(prop NRestarts)
cursor_started=$(now)
wait_for 400 sh -c "[ \"\$(systemctl show -P NRestarts $UNIT)\" -gt $restarts_before ]"
restarts=$(prop NRestarts)
waited=$(awk -v a="$cursor_started" -v b="$(now)" 'BEGIN{printf "%.0f", b-a}')
log=$(journal --since @$stuck_since)
stuck_line=$(echo "$log" | grep -m1 'Inference stuck' | cut -c1-160)
exit_line=$(echo "$log" | grep -m1 -E 'Main process exited, code=exited, status=1' | cut -c1-120)
check systemd-stuck-restarted "$([ "$restarts" -gt "$restarts_before" ] && ok)" \
  "NRestarts $restarts_before -> $restarts ${waited}s after starting with $(basename $STUCK_MODEL)" "journal"
check systemd-stuck-exit-1 "$([ -n "$stuck_line" ] && [ -n "$exit_line" ] && ok)" \
  "the service's own watchdog: '${stuck_line:-no stuck-inference line}'; systemd: '${exit_line:-no exit status 1}'" "journal"
watchdog_line=$(echo "$log" | grep -m1 'Watchdog timeout' | cut -c1-120)
check systemd-stuck-not-watchdog "$([ -z "$watchdog_line" ] && ok)" \
  "caught by the service (exit 1) before systemd's WatchdogSec ($watchdog) would SIGABRT it${watchdog_line:+: $watchdog_line}"
# The sequence as systemd and the service logged it (seconds since boot), for the record.
journalctl -u $UNIT --no-pager -o short-monotonic --since @$stuck_since | grep -E 'Starting|Started|atchdog|stuck|Stopping|Main process|Failed|Scheduled restart|frame thread' |
  tail -25 | cut -c1-200 | sed 's/^/VMTEST LOG   /'
systemctl stop $UNIT
step_done stuck

echo "VMTEST END rc=0 uptime $(now)s"
systemctl --no-block start poweroff.target # not "systemctl poweroff": it asks logind over D-Bus first, absent here
