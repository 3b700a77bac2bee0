#!/usr/bin/env bash
# Tests install.sh and uninstall.sh from a release bundle without touching this machine: they run in a private mount
# namespace where /etc, /opt and /var/lib are throw-away copies, and systemctl/udevadm are stubs that record their
# calls (a container has no systemd to talk to). Needs root (unshare).
#
#   scripts/test-install.sh artifacts/edgeclassifier-VERSION-RID.tar.gz
set -euo pipefail

if [[ $# -ne 1 || ! -f "$1" ]]; then
  echo "usage: test-install.sh BUNDLE.tar.gz   (made by scripts/publish.sh for this machine's processor)" >&2
  exit 2
fi
bundle_tar="$(realpath "$1")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/etc" "$work/opt" "$work/varlib" "$work/stubs" "$work/bundle"
cp -a /etc/. "$work/etc/"
mkdir -p "$work/etc/udev/rules.d"
tar -C "$work/bundle" -xzf "$bundle_tar"
bundle="$(find "$work/bundle" -mindepth 1 -maxdepth 1 -type d)"
for command in systemctl udevadm; do
  printf '#!/bin/sh\necho "%s $*" >> "%s/calls.log"\n' "$command" "$work" > "$work/stubs/$command"
  chmod +x "$work/stubs/$command"
done

# The scenario, run inside the namespace; any failed check exits non-zero.
cat > "$work/scenario.sh" <<'EOF'
set -euo pipefail
work="$1" bundle="$2"
mount --bind "$work/etc" /etc
mount --bind "$work/opt" /opt
mount --bind "$work/varlib" /var/lib
export PATH="$work/stubs:$PATH"
check() { if ! eval "$1"; then echo "FAIL: $2" >&2; exit 1; fi; echo "ok: $2"; }

"$bundle/install.sh" > "$work/install1.log"
check 'id -nG edgeclassifier | grep -qw video && id -nG edgeclassifier | grep -qw gpio' "user edgeclassifier in groups video and gpio"
check '[[ -x /opt/edgeclassifier/edgeclassifier && -f /opt/edgeclassifier/libonnxruntime.so ]]' "program installed"
check '[[ $(stat -c %U /opt/edgeclassifier/edgeclassifier) == root ]]' "program owned by root"
check '[[ $(stat -c %a:%U:%G /etc/edgeclassifier/config.json) == 640:root:edgeclassifier ]]' "default config readable by the service only"
check '[[ $(stat -c %a:%U /etc/edgeclassifier/mqtt-password) == 600:root ]]' "password file root-only"
check '[[ -d /var/lib/edgeclassifier/outbox && $(stat -c %U /var/lib/edgeclassifier) == edgeclassifier ]]' "state directory owned by the service"
check 'cmp -s /etc/systemd/system/edgeclassifier.service "$bundle/edgeclassifier.service"' "unit installed"
check '[[ -f /etc/udev/rules.d/99-edgeclassifier-camera.rules ]]' "udev rule installed"
check 'grep -qx "systemctl restart edgeclassifier.service" "$work/calls.log"' "service (re)started"

echo '{"edited": true}' > /etc/edgeclassifier/config.json
echo 'secret' > /etc/edgeclassifier/mqtt-password
"$bundle/install.sh" > "$work/install2.log"
check 'grep -q edited /etc/edgeclassifier/config.json && grep -q secret /etc/edgeclassifier/mqtt-password' "second install keeps config and password"
check '[[ $(grep -c "^edgeclassifier:" /etc/passwd) == 1 ]]' "second install adds no second user"
check '! ls -d /opt/edgeclassifier.* 2>/dev/null' "no staging folders left"

"$bundle/uninstall.sh" > /dev/null
check '[[ ! -e /opt/edgeclassifier && ! -e /etc/systemd/system/edgeclassifier.service ]]' "uninstall removes program and unit"
check '[[ -f /etc/edgeclassifier/config.json ]] && id edgeclassifier >/dev/null' "uninstall keeps config and user"
"$bundle/uninstall.sh" --purge > /dev/null
check '[[ ! -e /etc/edgeclassifier && ! -e /var/lib/edgeclassifier ]] && ! id edgeclassifier 2>/dev/null' "purge removes config, state and user"
EOF

unshare --mount --propagation private bash "$work/scenario.sh" "$work" "$bundle"
echo "test-install.sh: install/uninstall scenario passed"
