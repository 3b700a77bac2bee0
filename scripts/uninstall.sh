#!/usr/bin/env bash
# Removes the EdgeClassifier service and program. Keeps configuration (/etc/edgeclassifier), state
# (/var/lib/edgeclassifier: outbox, snapshots) and the user unless --purge is given. Safe to run again.
#
#   sudo ./uninstall.sh [--purge]
set -euo pipefail

service_user=edgeclassifier
unit_path=/etc/systemd/system/edgeclassifier.service
udev_rule_path=/etc/udev/rules.d/99-edgeclassifier-camera.rules

purge=false
case "${1:-}" in
  "") ;;
  --purge) purge=true ;;
  *)
    echo "usage: uninstall.sh [--purge]" >&2
    exit 2
    ;;
esac
if [[ $EUID -ne 0 ]]; then
  echo "uninstall.sh: run as root (sudo $0)" >&2
  exit 1
fi

if [[ -f "$unit_path" ]]; then
  systemctl disable --now edgeclassifier.service || true
  rm -f "$unit_path"
  systemctl daemon-reload
  systemctl reset-failed edgeclassifier.service 2>/dev/null || true
fi
rm -rf /opt/edgeclassifier /opt/edgeclassifier.new /opt/edgeclassifier.old
if [[ -f "$udev_rule_path" ]]; then
  rm -f "$udev_rule_path"
  if command -v udevadm >/dev/null; then
    udevadm control --reload
  fi
fi

if $purge; then
  rm -rf /etc/edgeclassifier /var/lib/edgeclassifier
  if id "$service_user" >/dev/null 2>&1; then
    userdel "$service_user"
  fi
  echo "uninstall.sh: removed EdgeClassifier, its configuration, state and user"
else
  echo "uninstall.sh: removed EdgeClassifier; kept /etc/edgeclassifier, /var/lib/edgeclassifier and user $service_user (--purge removes them)"
fi
