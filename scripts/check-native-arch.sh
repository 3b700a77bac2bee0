#!/usr/bin/env bash
# Checks that every native file in a published folder is an ELF binary for one processor.
#
#   scripts/check-native-arch.sh DIR ARCH        ARCH: aarch64 | x86-64 | arm
#
# Looks at the main executable (edgeclassifier) and every *.so under DIR. Reads the ELF header itself (magic
# bytes and e_machine) so the check needs nothing beyond coreutils and gives the same answer on any host.
# Exits 0 when all match, 1 naming each file that does not, 2 on bad arguments.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: check-native-arch.sh DIR ARCH   (ARCH: aarch64, x86-64, arm)" >&2
  exit 2
fi
dir="$1"
arch="$2"

# e_machine values from the ELF specification (little-endian 16-bit field at offset 18).
case "$arch" in
  aarch64) expected_machine=183 ;;
  x86-64) expected_machine=62 ;;
  arm) expected_machine=40 ;;
  *)
    echo "check-native-arch.sh: unknown ARCH '$arch' (allowed: aarch64, x86-64, arm)" >&2
    exit 2
    ;;
esac
if [[ ! -d "$dir" ]]; then
  echo "check-native-arch.sh: '$dir' is not a directory" >&2
  exit 2
fi

files=()
if [[ -f "$dir/edgeclassifier" ]]; then
  files+=("$dir/edgeclassifier")
else
  echo "check-native-arch.sh: $dir/edgeclassifier (the main executable) is missing" >&2
  exit 1
fi
while IFS= read -r -d '' so; do
  files+=("$so")
done < <(find "$dir" -type f -name '*.so*' -print0 | sort -z)

# Prints the e_machine number of an ELF file, or "not-elf".
elf_machine() {
  local magic
  magic="$(od -An -tx1 -N4 "$1" | tr -d ' \n')"
  if [[ "$magic" != "7f454c46" ]]; then
    echo not-elf
    return
  fi
  od -An -tu2 -j18 -N2 --endian=little "$1" | tr -d ' \n'
}

mismatches=0
for file in "${files[@]}"; do
  machine="$(elf_machine "$file")"
  if [[ "$machine" != "$expected_machine" ]]; then
    echo "MISMATCH ${file#"$dir"/}: e_machine=$machine, expected $expected_machine ($arch)" >&2
    mismatches=$((mismatches + 1))
  fi
done

if [[ $mismatches -gt 0 ]]; then
  echo "check-native-arch.sh: $mismatches of ${#files[@]} native files in $dir are not $arch" >&2
  exit 1
fi
echo "check-native-arch.sh: all ${#files[@]} native files in $dir are $arch ELF"
