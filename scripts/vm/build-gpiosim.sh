#!/bin/bash
# Builds gpio-sim.ko (with the irq_sim helper it needs) out of tree against the pinned Debian headers, once; the
# module is cached next to the kernel it was built for. The kernel does not enforce module signatures.
source "$(dirname "$0")/common.sh"
KO=$KCACHE/gpio-sim.ko
if [ -f $KO ]; then echo "build-gpiosim: cached $KO"; exit 0; fi
B=$VMLAB_WORK/gpiosim-build; rm -rf $B; mkdir -p $B
cp $KCACHE/src/$KSRC/drivers/gpio/gpio-sim.c $B/gpio-sim-main.c
cp $KCACHE/src/$KSRC/kernel/irq/irq_sim.c $B/irq_sim.c
# irq_to_desc() is not exported to modules; generic_handle_irq_safe() is, and does the same for this caller.
sed -i 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq_safe(irqnum);/' $B/irq_sim.c
grep -q generic_handle_irq_safe $B/irq_sim.c
printf 'obj-m := gpio-sim.o\ngpio-sim-y := gpio-sim-main.o irq_sim.o\n' > $B/Makefile
# No pahole on the host, so no BTF for the module.
make -s -C $KCACHE/hdr/usr/src/linux-headers-$KVER M=$B CONFIG_DEBUG_INFO_BTF_MODULES= modules 2>&1 | grep -v 'Skipping BTF' || true
[ "$(modinfo -F vermagic $B/gpio-sim.ko | cut -d' ' -f1)" = "$KVER" ]
cp $B/gpio-sim.ko $KO
echo "build-gpiosim: built $KO"
