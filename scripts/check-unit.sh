#!/usr/bin/env bash
# Checks the systemd unit without installing it:
#   1. `systemd-analyze verify`: the unit parses with no diagnostics at all (verify itself exits 0 on settings it
#      "ignores", so any output counts as a failure here);
#   2. `systemd-analyze security --offline=true`: the exposure score is at most MAX_SCORE (default 2.0).
#
#   scripts/check-unit.sh [UNIT_FILE]       default: deploy/systemd/edgeclassifier.service
#
# verify needs the ExecStart binary and the units the service depends on, so both run against a throw-away root:
# the unit as is, a stub executable at its ExecStart path and a copy of this host's system units.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
unit_file="${1:-$repo_root/deploy/systemd/edgeclassifier.service}"
max_score="${MAX_SCORE:-2.0}"
unit_name="$(basename "$unit_file")"

if ! command -v systemd-analyze >/dev/null; then
  echo "check-unit.sh: installing systemd for systemd-analyze"
  apt-get update -qq && apt-get install -y -qq systemd >/dev/null
fi
system_units=""
for dir in /usr/lib/systemd/system /lib/systemd/system; do
  if [[ -f "$dir/sysinit.target" ]]; then
    system_units="$dir"
    break
  fi
done
if [[ -z "$system_units" ]]; then
  echo "check-unit.sh: no system units (sysinit.target) found on this host" >&2
  exit 1
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/etc/systemd/system" "$root/usr/lib/systemd"
cp "$unit_file" "$root/etc/systemd/system/$unit_name"
cp -r "$system_units" "$root/usr/lib/systemd/system"
exec_start="$(sed -n 's/^ExecStart=[-@:+!]*\([^ ]*\).*/\1/p' "$unit_file" | head -n1)"
if [[ "$exec_start" != /* ]]; then
  echo "check-unit.sh: $unit_name: ExecStart must name an absolute path, got '$exec_start'" >&2
  exit 1
fi
mkdir -p "$root$(dirname "$exec_start")"
printf '#!/bin/sh\nexit 0\n' > "$root$exec_start"
chmod +x "$root$exec_start"

status=0
verify_output="$(systemd-analyze verify --root="$root" "$unit_name" 2>&1)" || status=$?
if [[ $status -ne 0 || -n "$verify_output" ]]; then
  echo "$verify_output" >&2
  echo "check-unit.sh: FAIL systemd-analyze verify $unit_name (exit $status)" >&2
  exit 1
fi
echo "check-unit.sh: systemd-analyze verify $unit_name: OK"

# The opt-in drop-ins shipped next to the unit must verify too.
for dropin in "$(dirname "$unit_file")"/*.conf; do
  [[ -f "$dropin" ]] || continue
  mkdir -p "$root/etc/systemd/system/$unit_name.d"
  cp "$dropin" "$root/etc/systemd/system/$unit_name.d/"
  status=0
  verify_output="$(systemd-analyze verify --root="$root" "$unit_name" 2>&1)" || status=$?
  if [[ $status -ne 0 || -n "$verify_output" ]]; then
    echo "$verify_output" >&2
    echo "check-unit.sh: FAIL systemd-analyze verify $unit_name with $(basename "$dropin") (exit $status)" >&2
    exit 1
  fi
  echo "check-unit.sh: systemd-analyze verify $unit_name with $(basename "$dropin"): OK"
  rm "$root/etc/systemd/system/$unit_name.d/$(basename "$dropin")"
done

# The threshold is on the 0-100 scale behind the 0.0-10.0 score that is printed.
threshold="$(awk -v s="$max_score" 'BEGIN { printf "%d", s * 10 + 0.5 }')"
status=0
security_output="$(systemd-analyze security --offline=true --root="$root" --threshold="$threshold" "$unit_name" 2>&1)" || status=$?
score_line="$(grep -F 'Overall exposure level' <<<"$security_output" || true)"
if [[ -z "$score_line" ]]; then
  echo "$security_output" >&2
  echo "check-unit.sh: FAIL systemd-analyze security printed no score" >&2
  exit 1
fi
echo "check-unit.sh: ${score_line#→ }"
if [[ $status -ne 0 ]]; then
  grep -F '✗' <<<"$security_output" >&2 || true
  echo "check-unit.sh: FAIL exposure score above $max_score" >&2
  exit 1
fi
echo "check-unit.sh: exposure score within $max_score: OK"
