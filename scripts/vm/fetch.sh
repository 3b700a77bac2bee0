#!/bin/bash
# Installs the host tools the VM test needs (when missing) and downloads the pinned Debian kernel with what is
# needed to build gpio-sim.ko, which Debian's kernels leave out (CONFIG_GPIO_SIM is unset). The kernel comes from
# bookworm-backports through a private apt list on the machine's own mirror, so /etc/apt is left alone.
# Cached in $VMLAB_CACHE: a second run downloads nothing.
source "$(dirname "$0")/common.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

tools=(qemu-system-x86_64:qemu-system-x86 busybox:busybox-static v4l2-ctl:v4l-utils gpioset:gpiod
  cpio:cpio xz:xz-utils gcc:gcc make:make kmod:kmod bc:bc zstd:zstd)
need=()
for tool in "${tools[@]}"; do command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool##*:}"); done
[ -e /usr/include/gelf.h ] || need+=(libelf-dev)
ldconfig -p | grep -q 'libgpiod.so.2 ' || need+=(libgpiod2)
if ((${#need[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

debs=(linux-image-$KVER linux-headers-$KVER linux-headers-${KVER%-amd64}-common linux-kbuild-${KVER%-amd64} $KSRC)
mkdir -p $KCACHE/debs
missing=()
for d in "${debs[@]}"; do
  [ "$d" = $KSRC ] && [ -f $KCACHE/src/$KSRC/drivers/gpio/gpio-sim.c ] && continue
  compgen -G "$KCACHE/debs/${d}_*.deb" >/dev/null || missing+=("$d=$KPKGVER")
done
if ((${#missing[@]})); then
  mkdir -p $VMLAB_CACHE/apt/lists/partial $VMLAB_CACHE/apt/cache/archives/partial
  mirror=$(debian_mirror)
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm-backports main" > $VMLAB_CACHE/apt/extra.list
  apt-get $APTO update -qq
  (cd $KCACHE/debs && apt-get $APTO download -qq "${missing[@]}" 2>&1 | grep -v unsandboxed || true)
  for d in "${missing[@]}"; do
    compgen -G "$KCACHE/debs/${d%%=*}_*.deb" >/dev/null || {
      echo "fetch: ${d} is not on the mirror's bookworm-backports any more; pin the current version in" \
        "scripts/vm/common.sh (KVER, KPKGVER) and update scripts/vm/kernel.sha256" >&2
      exit 1
    }
  done
fi
(cd $KCACHE/debs && sha256sum -c --quiet --ignore-missing $HERE/kernel.sha256)

# Unpack once: the kernel and its modules, the headers, and the two C files gpio-sim needs from the source.
if [ ! -f $KCACHE/kroot/boot/vmlinuz-$KVER ]; then
  rm -rf $KCACHE/kroot && mkdir -p $KCACHE/kroot && dpkg -x $KCACHE/debs/linux-image-${KVER}_*.deb $KCACHE/kroot
  depmod -b $KCACHE/kroot $KVER
fi
if [ ! -f $KCACHE/hdr/usr/src/linux-headers-$KVER/Makefile ]; then
  rm -rf $KCACHE/hdr && mkdir -p $KCACHE/hdr
  for d in $KCACHE/debs/linux-headers-*.deb $KCACHE/debs/linux-kbuild-*.deb; do dpkg -x "$d" $KCACHE/hdr; done
  sed -i "s|include /usr/src/|include $KCACHE/hdr/usr/src/|" $KCACHE/hdr/usr/src/linux-headers-$KVER/Makefile
fi
if [ ! -f $KCACHE/src/$KSRC/drivers/gpio/gpio-sim.c ]; then
  mkdir -p $KCACHE/src
  dpkg-deb --fsys-tarfile $KCACHE/debs/${KSRC}_*.deb | tar -xO ./usr/src/$KSRC.tar.xz |
    tar -xJ -C $KCACHE/src $KSRC/drivers/gpio/gpio-sim.c $KSRC/kernel/irq/irq_sim.c
  # The 150 MB source package is only needed for those two files.
  rm -f $KCACHE/debs/${KSRC}_*.deb
fi
echo "fetch: kernel $KVER ready in $KCACHE"
