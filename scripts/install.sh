#!/usr/bin/env bash
# Installs a published EdgeClassifier build on this board as the systemd service `edgeclassifier`. Safe to run
# again: it upgrades the program, keeps config.json, the MQTT password and the state directory, and restarts.
#
#   sudo ./install.sh [APP_DIR]
#
# APP_DIR is the output of scripts/publish.sh for this board's processor. Default: ./app next to this script (the
# release bundle layout), else artifacts/publish/linux-<arch> of the repository this script is in.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
service_user=edgeclassifier
install_dir=/opt/edgeclassifier
config_dir=/etc/edgeclassifier
state_dir=/var/lib/edgeclassifier
unit_path=/etc/systemd/system/edgeclassifier.service
udev_rule_path=/etc/udev/rules.d/99-edgeclassifier-camera.rules

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

# A file shipped next to this script (release bundle) or in the repository layout.
find_file() {
  local candidate
  for candidate in "$@"; do
    if [[ -f "$candidate" ]]; then
      echo "$candidate"
      return
    fi
  done
  fail "none of these files exists: $*"
}

[[ $EUID -eq 0 ]] || fail "run as root (sudo $0)"
command -v systemctl >/dev/null || fail "systemctl not found: this script installs a systemd service"

case "$(uname -m)" in
  aarch64 | arm64) arch=aarch64 rid=linux-arm64 ;;
  x86_64) arch=x86-64 rid=linux-x64 ;;
  armv7l | armv6l) fail "this is a 32-bit ARM system; EdgeClassifier needs a 64-bit OS (Raspberry Pi OS 64-bit)" ;;
  *) fail "unsupported processor $(uname -m)" ;;
esac

if [[ $# -ge 1 ]]; then
  app_dir="$1"
elif [[ -d "$here/app" ]]; then
  app_dir="$here/app"
else
  app_dir="$here/../artifacts/publish/$rid"
fi
[[ -x "$app_dir/edgeclassifier" ]] || fail "$app_dir/edgeclassifier not found: publish first (scripts/publish.sh $rid) or pass the folder"
unit_file="$(find_file "$here/edgeclassifier.service" "$here/../deploy/systemd/edgeclassifier.service")"
udev_rule_file="$(find_file "$here/99-edgeclassifier-camera.rules" "$here/../deploy/udev/99-edgeclassifier-camera.rules")"
check_arch="$(find_file "$here/check-native-arch.sh")"
bash "$check_arch" "$app_dir" "$arch" >/dev/null || fail "$app_dir is not a build for this board ($arch): publish for $rid"

echo "== user and groups"
for group in video gpio; do
  getent group "$group" >/dev/null || groupadd --system "$group"
done
if ! id "$service_user" >/dev/null 2>&1; then
  useradd --system --user-group --home-dir "$state_dir" --no-create-home --shell /usr/sbin/nologin "$service_user"
fi
usermod --append --groups video,gpio "$service_user"

echo "== program in $install_dir"
# Copy beside the old version and swap, so a failed copy never leaves a half-installed program.
rm -rf "$install_dir.new" "$install_dir.old"
mkdir -p "$install_dir.new"
cp -a "$app_dir/." "$install_dir.new/"
chown -R root:root "$install_dir.new"
chmod -R u=rwX,go=rX "$install_dir.new"
if [[ -d "$install_dir" ]]; then
  mv "$install_dir" "$install_dir.old"
fi
mv "$install_dir.new" "$install_dir"
rm -rf "$install_dir.old"

echo "== configuration in $config_dir"
install -d -m 0755 -o root -g root "$config_dir"
if [[ ! -f "$config_dir/config.json" ]]; then
  default_config="$install_dir/config.default.json"
  if [[ -f "$default_config" ]]; then
    install -m 0640 -o root -g "$service_user" "$default_config" "$config_dir/config.json"
  else
    printf '{\n  "Watchdog": {\n    "StatusInterval": "00:00:05"\n  }\n}\n' > "$config_dir/config.json"
    chown "root:$service_user" "$config_dir/config.json"
    chmod 0640 "$config_dir/config.json"
  fi
  echo "   wrote $config_dir/config.json: edit it (camera, model, broker), then: sudo systemctl restart edgeclassifier"
fi
# The unit loads this as a credential; it must exist. Empty means no password.
if [[ ! -f "$config_dir/mqtt-password" ]]; then
  install -m 0600 -o root -g root /dev/null "$config_dir/mqtt-password"
fi
# Likewise the users who may log in to the device (edgeclassifier passwd); empty means nobody, loopback only.
if [[ ! -f "$config_dir/users" ]]; then
  install -m 0600 -o root -g root /dev/null "$config_dir/users"
fi

echo "== state in $state_dir"
install -d -m 0750 -o "$service_user" -g "$service_user" "$state_dir" "$state_dir/outbox" "$state_dir/snapshots"

echo "== udev rule and systemd unit"
if [[ ! -d "$(dirname "$udev_rule_path")" ]]; then
  echo "   no udev on this system: skipped the udev rule"
elif [[ ! -f "$udev_rule_path" ]]; then
  install -m 0644 "$udev_rule_file" "$udev_rule_path"
  udevadm control --reload
  udevadm trigger --subsystem-match=video4linux --subsystem-match=gpio
fi
install -m 0644 "$unit_file" "$unit_path"
systemctl daemon-reload
systemctl enable edgeclassifier.service
systemctl restart edgeclassifier.service

if ! ldconfig -p | grep -q 'libgpiod\.so\.[23]'; then
  echo "   note: libgpiod is not installed; GPIO outputs need it: sudo apt install libgpiod2"
fi
echo "== installed $("$install_dir/edgeclassifier" --version 2>/dev/null || echo edgeclassifier)"
systemctl --no-pager --lines=5 status edgeclassifier.service || true
echo "Logs: journalctl -u edgeclassifier -f"
