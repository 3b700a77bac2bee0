#!/bin/sh
# Runs inside the VM as the last step of /init, against the real vivid and gpio-sim drivers. Every check prints one
# marker line, "VMTEST PASS name: detail" or "VMTEST FAIL name: detail", and every step a "VMTEST TIME step s" line;
# the host judges only these. GPIOSIM_CHIP and GPIOSIM_SYSFS come from /init.
APP=/app/edgeclassifier
MODEL=/models/mobilenet_v1_0.25_128_quant.onnx
OUT=/tmp/out; mkdir -p $OUT
SIM=$GPIOSIM_SYSFS
# vmtest.break=1 on the kernel command line (VM_TEST_BREAK=1 on the host) makes one expectation wrong on purpose.
EXPECTED_DRIVER=vivid
grep -q 'vmtest.break=1' /proc/cmdline && EXPECTED_DRIVER=vivid-broken-on-purpose

now() { cut -d' ' -f1 /proc/uptime; }
step_started=$(now)
step_done() { echo "VMTEST TIME $1 $(awk -v a="$step_started" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')"; step_started=$(now); }
check() { # name, verdict ("ok" passes), detail, [a file whose end explains a failure]
  if [ "$2" = ok ]; then echo "VMTEST PASS $1: $3"; else echo "VMTEST FAIL $1: $3"; [ -n "${4:-}" ] && tail -40 "$4" | sed 's/^/VMTEST LOG   /'; fi
}
# One condition: ok_if CMD. Several: "$(c1 && c2 && echo ok)" — in "$(ok_if c1 && c2)" only c1 would decide.
ok_if() { if "$@"; then echo ok; fi; }
contains() { echo "$1" | grep -q "$2"; }
# vmtest.only=a,b on the kernel command line (VM_TEST_ONLY=a,b on the host) runs only those sections.
only=$(sed -n 's/.*vmtest.only=\([^ ]*\).*/\1/p' /proc/cmdline)
wanted() { [ -z "$only" ] || contains ",$only," ",$1,"; }
# A numeric JSON property of a file ("framesCaptured": 12 -> 12); empty when absent.
json_number() { tr -d '\n' < "$1" | sed -n "s/.*\"$2\": *\(-\{0,1\}[0-9][0-9.]*\).*/\1/p"; }
json_true() { tr -d '\n ' < "$1" | grep -q "\"$2\":true"; }
gt() { [ -n "$1" ] && awk -v a="$1" -v b="$2" 'BEGIN{exit !(a > b)}'; }
lines_of() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }
# Runs the service for a while on one pixel format; extra arguments are more --Section:Key=value settings.
run_service() { # tag, format, seconds, settings...
  tag=$1 format=$2 seconds=$3; shift 3
  $APP run --duration ${seconds}s --stats-out $OUT/stats-$tag.json --decisions-out $OUT/decisions-$tag.jsonl \
    --Camera:Source=v4l2 --Camera:Device=/dev/video0 --Camera:PixelFormat=$format --Camera:Width=640 --Camera:Height=480 \
    --Camera:Fps=10 --Model:Path=$MODEL --Decision:Mode=instant --Pipeline:BudgetMs=10000 --Pipeline:StatsIntervalSeconds=2 \
    --Runtime:Threads=1 "$@" > $OUT/run-$tag.log 2>&1 &
  # The program's own pid, for signals, even when this function itself runs in the background.
  echo $! > $OUT/pid-$tag
  wait $!
}

# Records every change of the simulated output lines 1 (indicator) and 2 (status LED) as "line value uptime" until
# the file $OUT/stop-sampling appears. A tight loop of shell builtins: it sees changes a few milliseconds apart.
sample_lines() { # out
  l1=x l2=x
  while [ ! -e $OUT/stop-sampling ]; do
    read v1 < $SIM/sim_gpio1/value; read v2 < $SIM/sim_gpio2/value; read up idle < /proc/uptime
    [ "$v1" != "$l1" ] && echo "1 $v1 $up" >> $1 && l1=$v1
    [ "$v2" != "$l2" ] && echo "2 $v2 $up" >> $1 && l2=$v2
  done
}
changes() { grep "^$2 " $1 | cut -d' ' -f2 | tr -d '\n'; } # file, line -> e.g. 0101
# The lengths in ms of the complete high segments of a line, e.g. "80 80 90" (10 ms resolution of /proc/uptime).
# The first record is the level sampling started in, not a change, so a segment it is part of is not complete.
on_times() { awk -v l=$2 '$1 == l { if (seen++ && on != "" && $2 == 0) printf "%d ", ($3 - on) * 1000; on = ($2 == 1 && seen > 1) ? $3 : "" }' $1; }
# True when there are at least $4 high segments and their median lasts between $2 and $3 ms. The median, because a
# busy emulated CPU now and then stretches one segment, and the pattern may change as health changes.
on_times_within() {
  echo "$1" | tr ' ' '\n' | grep . | sort -n |
    awk -v lo=$2 -v hi=$3 -v n=$4 '{ t[NR] = $1 } END { m = t[int((NR + 1) / 2)]; exit !(NR >= n && m >= lo && m <= hi) }'
}

# --- devices: vivid with its formats and sizes --------------------------------------------------------------------
$APP devices --json > $OUT/devices.json 2> $OUT/devices.err; rc=$?
flat=$(tr -d '\n ' < $OUT/devices.json)
check devices-exit "$(ok_if [ $rc = 0 ])" "edgeclassifier devices --json exit code $rc"
check devices-driver "$(ok_if contains "$flat" "\"driver\":\"$EXPECTED_DRIVER\"")" "driver $EXPECTED_DRIVER listed for /dev/video0"
yuyv=$(echo "$flat" | sed 's/"fourCc"/\n&/g' | grep '^"fourCc":"YUYV"')
check devices-yuyv-640x480 "$(ok_if contains "$yuyv" '"supported":true,.*"width":640,"height":480')" \
  "YUYV offered at 640x480 ($(echo "$yuyv" | grep -o '"width":[0-9]*,"height":[0-9]*' | sed 's/"width":\([0-9]*\),"height":/\1x/' | tr '\n' ' '))"

# --- capture and classify every supported format vivid offers ------------------------------------------------------
formats=""
for f in YUYV UYVY NV12 YU12 RGB3 BGR3 GREY; do
  contains "$flat" "\"fourCc\":\"$f\",[^}]*\"supported\":true" && formats="$formats $f"
done
check devices-formats "$(ok_if [ "$(echo $formats | wc -w)" = 7 ])" "supported formats vivid offers:$formats"
step_done devices

# --- frames really come from the driver: one diagnose process checks every format ---------------------------------
if wanted capture; then
  d=$OUT/diagnose-capture.json
  $APP diagnose capture --device /dev/video0 --format $(echo $formats | tr ' ' ',') --frames 4 > $d 2>&1
  check capture-exit "$(ok_if [ $? = 0 ])" "edgeclassifier diagnose capture for$formats" $d
  for f in $formats; do
    # The report holds one object per format; cut out this format's part.
    sed -n "/\"requested\": \"$f\"/,/\"passed\"/p" $d > $OUT/diag-$f.json
    r=$OUT/diag-$f.json
    check capture-$f-negotiated "$(ok_if grep -q "\"format\": \"$f\"" $r)" "driver agreed to $f $(json_number $r width)x$(json_number $r height), stride $(json_number $r stride)" $r
    check capture-$f-sequence "$(ok_if json_true $r sequenceAdvances)" \
      "sequence numbers advance: $(grep -o '"sequence": [0-9]*' $r | cut -d' ' -f2 | tr '\n' ' ')(driver drops $(json_number $r driverDrops), stale frames skipped $(json_number $r staleFrames))"
    check capture-$f-timestamps "$(ok_if json_true $r timestampsMonotonic)" "timestamps strictly increase: $(grep -o '"timestampMicroseconds": [0-9]*' $r | cut -d' ' -f2 | tr '\n' ' ')"
    check capture-$f-pixels "$(ok_if [ "$(grep -c '"pixelsVary": true' $r)" = 4 ])" "4 frames with picture content (not one flat value)"
    check capture-$f-preprocess "$(ok_if [ "$(grep -c '"match": true' $r)" = 4 ])" \
      "vectorised preprocessing equals the scalar reference on 4 driver frames$(grep -o '"mismatch": "[^"]*"' $r | head -1)"
  done
  step_done capture
fi

# --- the service captures and classifies each format -------------------------------------------------------------
if wanted run; then
  for f in $formats; do
    run_service $f $f 4; rc=$?
    s=$OUT/stats-$f.json
    check run-$f "$([ $rc = 0 ] && gt "$(json_number $s framesCaptured)" 0 && gt "$(json_number $s framesProcessed)" 0 && gt "$(lines_of $OUT/decisions-$f.jsonl)" 0 && echo ok)" \
      "exit $rc, framesCaptured $(json_number $s framesCaptured), framesProcessed $(json_number $s framesProcessed), decisions $(lines_of $OUT/decisions-$f.jsonl), drops $(json_number $s drops), driverDrops $(json_number $s driverDrops)" $OUT/run-$f.log
    step_done run-$f
  done
fi

# --- the camera goes away mid-run and comes back -------------------------------------------------------------------
if wanted unplug; then
run_service unplug YUYV 30 --Camera:StallTimeoutSeconds=2 --Gpio:Chip=$GPIOSIM_CHIP --Gpio:StatusLed:Line=2 &
pid=$!
waited=0
# Unplug only once frames are flowing (the first decision is logged).
until grep -q 'Decision:' $OUT/run-unplug.log 2>/dev/null || [ $waited -ge 60 ] || ! kill -0 $pid 2>/dev/null; do sleep 1; waited=$((waited + 1)); done
echo vivid.0 > /sys/bus/platform/drivers/vivid/unbind
sleep 1 # the service notices the loss and reports it
rm -f $OUT/stop-sampling $OUT/unplug.samples
sample_lines $OUT/unplug.samples & sampler=$!
sleep 4
touch $OUT/stop-sampling; wait $sampler
gone=$([ -e /dev/video0 ] && echo present || echo gone)
echo vivid.0 > /sys/bus/platform/drivers/vivid/bind
wait $pid; rc=$?
s=$OUT/stats-unplug.json
check unplug-survives "$([ $rc = 0 ] && [ $gone = gone ] && echo ok)" "service ran its 30 s through unbind/rebind of vivid (exit $rc, /dev/video0 $gone while unbound)"
check unplug-reconnects "$(ok_if gt "$(json_number $s reconnects)" 0)" "stats reconnects $(json_number $s reconnects), stalls $(json_number $s stalls)" $OUT/run-unplug.log
after=$(sed -n '/reconnected/,$p' $OUT/run-unplug.log | grep -o 'Stats: camera [0-9.]* fps' | tail -1)
check unplug-frames-after "$(ok_if contains "$after" 'camera [1-9]')" "frames flow again after the reconnect: ${after:-no stats line after it}" $OUT/run-unplug.log
# No camera: two 200 ms flashes, then a pause (StatusPatterns.Flashes(2)).
status=$(on_times $OUT/unplug.samples 2)
check unplug-status-led "$(ok_if on_times_within "$status" 140 320 2)" "status LED on line 2 flashes the no-camera code (200 ms on) while unplugged: on for $status ms (median counts)"
step_done unplug
fi

# --- GPIO by hand through libgpiod -----------------------------------------------------------------------------------
if wanted gpio-cli; then
$APP gpio list > $OUT/gpio-list.txt 2>&1; rc=$?
check gpio-list "$([ $rc = 0 ] && grep -q "$GPIOSIM_CHIP .*8 lines" $OUT/gpio-list.txt && grep -q 'line   1: indicator' $OUT/gpio-list.txt && echo ok)" \
  "gpio list shows $GPIOSIM_CHIP with its named lines (exit $rc)"
$APP gpio pulse --chip $GPIOSIM_CHIP --line 3 --ms 4000 > $OUT/gpio-pulse.txt 2>&1 &
pid=$!
high=0; n=0
while [ $n -lt 40 ] && kill -0 $pid 2>/dev/null; do [ "$(cat $SIM/sim_gpio3/value)" = 1 ] && high=$((high + 1)); n=$((n + 1)); sleep 0.1; done
wait $pid; rc=$?
check gpio-pulse "$([ $rc = 0 ] && [ $high -gt 0 ] && [ "$(cat $SIM/sim_gpio3/value)" = 0 ] && echo ok)" \
  "line 3 read high $high times during a 4 s pulse, low after (exit $rc)"
step_done gpio-cli
fi

# --- GPIO in the service: PIR trigger, indicator, status LED, safe levels on stop ----------------------------------
if wanted gpio-run; then
  run_service gpio YUYV 90 --Classification:ScoreThreshold=1 --Gpio:Chip=$GPIOSIM_CHIP \
    --Gpio:Indicators:0:Line=1 --Gpio:Indicators:0:When:NoMatch=true --Gpio:StatusLed:Line=2 \
    --Gpio:Triggers:0:Line=0 --Gpio:Triggers:0:Kind=Pir --Gpio:Triggers:0:Mode=Trigger --Gpio:Triggers:0:BurstFrames=3 &
  pid=$!
  waited=0
  # Wait until the service holds the PIR line (its last line opened); "unused" lines may still show an old direction.
  until gpioinfo $GPIOSIM_CHIP 2>/dev/null | grep -E 'line +0:' | grep -vq unused || [ $waited -ge 60 ] || ! kill -0 $pid 2>/dev/null; do
    sleep 1; waited=$((waited + 1))
  done
  sleep 4 # frames flow, but without a trigger nothing is classified
  before=$(lines_of $OUT/decisions-gpio.jsonl); indicator_before=$(cat $SIM/sim_gpio1/value)
  check gpio-idle-before-trigger "$([ "$before" = 0 ] && [ "$indicator_before" = 0 ] && echo ok)" \
    "no decision and indicator low before the PIR fires (decisions $before, line 1 = $indicator_before)" $OUT/run-gpio.log
  echo pull-up > $SIM/sim_gpio0/pull # the PIR sees motion
  waited=0
  until [ "$(lines_of $OUT/decisions-gpio.jsonl)" -gt 0 ] || [ $waited -ge 60 ]; do sleep 1; waited=$((waited + 1)); done
  sleep 1
  indicator=$(cat $SIM/sim_gpio1/value)
  trigger=$(grep -o '"trigger":"[^"]*"' $OUT/decisions-gpio.jsonl | head -1)
  check gpio-trigger-burst "$(ok_if contains "$trigger" '"trigger":"pir')" "PIR rising edge on line 0 started classification ${waited}s later; decision has $trigger"
  check gpio-indicator "$(ok_if [ "$indicator" = 1 ])" "indicator rule (NoMatch) drove line 1 to $indicator" $OUT/run-gpio.log
  rm -f $OUT/stop-sampling $OUT/status.samples
  sample_lines $OUT/status.samples & sampler=$!
  sleep 4; touch $OUT/stop-sampling; wait $sampler
  # Idle between bursts: a short blink every 2 s (StatusPatterns: 80 ms on, 1920 ms off).
  status=$(on_times $OUT/status.samples 2)
  check gpio-status-led "$(ok_if on_times_within "$status" 40 160 1)" "status LED on line 2 blinks the idle pattern (80 ms on): on for $status ms (median counts)"
  # A released gpio-sim line reads its pull. Pulling the outputs up now makes "driven to the safe level (0), then
  # released (1)" visible as a 0 between the last active 1 and the final 1.
  echo pull-up > $SIM/sim_gpio1/pull; echo pull-up > $SIM/sim_gpio2/pull
  rm -f $OUT/stop-sampling $OUT/stop.samples
  sample_lines $OUT/stop.samples & sampler=$!
  sleep 0.5
  kill -TERM "$(cat $OUT/pid-gpio)"; wait $pid; rc=$?
  sleep 1; touch $OUT/stop-sampling; wait $sampler
  s=$OUT/stats-gpio.json
  check gpio-run-stops "$([ $rc = 0 ] && [ -s $s ] && echo ok)" "SIGTERM stops the service cleanly (exit $rc)" $OUT/run-gpio.log
  check gpio-trigger-stats "$(gt "$(json_number $s triggers)" 0 && gt "$(json_number $s framesProcessed)" 0 && gt "$(json_number $s framesCaptured)" "$(json_number $s framesProcessed)" && echo ok)" \
    "triggers $(json_number $s triggers), framesProcessed $(json_number $s framesProcessed) of framesCaptured $(json_number $s framesCaptured)"
  ind=$(changes $OUT/stop.samples 1)
  check gpio-safe-level-indicator "$(ok_if contains "$ind" '^10*01$')" "line 1 on stop: $ind (1 active, 0 safe level, 1 released to the pull-up)"
  released=$(gpioinfo $GPIOSIM_CHIP | grep -cE 'line *[12]:.*unused')
  check gpio-released "$(ok_if [ "$released" = 2 ])" "lines 1 and 2 released after exit ($released of 2 unused)"
  step_done gpio-run
fi
