#!/bin/bash
# The issue 11 table: text (.text + .rodata + unwind index) of each vmio
# layer's unlinked objects, built with the firmware's flags (Thumb, -Os,
# function and data sections), and the goal where the issue sets one.
#   tools/size-table.sh BUILD_DIR [SIZE] [--bench SUFFIX]
# --bench prints the bench lines (NAME VALUE UNIT) instead of the table.
O="$1"
SIZE="${2:-arm-none-eabi-size}"
bench="${3:-}"
sfx="${4:-}"
v="$O/fw/virtio"
d="$O/fw/drivers"

# text OBJ...: summed text of the objects (0 for a missing one)
text() {
	local f s=0 t
	for f in "$@"; do
		[ -f "$f" ] || continue
		t=$($SIZE "$f" | awk 'NR == 2 { print $1 }')
		s=$((s + t))
	done
	echo $s
}

mmio=$(text $v/virtio_mmio.c.o)
split=$(text $v/virtqueue_split.c.o)
packed=$(text $v/virtqueue_packed.c.o)
ind=$(text $v/virtqueue_indirect.c.o)
core=$(text $v/virtio.c.o $v/virtio_bus.c.o $v/virtio_cspace.c.o)
noirq=$(text $v/virtio_noirq.c.o)
pm=$(text $v/virtio_pm.c.o)
blk=$(text $d/blk/virtio_blk.c.o)
rng=$(text $d/rng/virtio_rng.c.o)
sum=$((core + mmio + split + blk + rng))
virtio=$((core + mmio + split + noirq + pm))
# shellcheck disable=SC2046
drivers=$(text $(find "$d" -name '*.o' | sort))

if [ "$bench" = --bench ]; then
	echo "core_mmio_split_blk_rng_text_bytes$sfx $sum bytes"
	echo "virtio_no_packed_text_bytes$sfx $virtio bytes"
	if [ -n "$sfx" ]; then
		echo "blk_driver_text_bytes$sfx $blk bytes"
		echo "drivers_text_bytes$sfx $drivers bytes"
	fi
	exit 0
fi
row() { printf "%-40s %6d %8s\n" "$1" "$2" "${3:-}"; }
printf "%-40s %6s %8s\n" "layer (unlinked objects, text)" "vmio" "goal"
row "mmio transport" "$mmio"
row "split ring" "$split"
row "packed ring (apart)" "$packed"
row "indirect descriptors (apart)" "$ind"
row "core (virtio, bus, config space)" "$core"
row "noirq" "$noirq"
row "PM" "$pm"
row "blk driver" "$blk" "<= 1250"
row "rng driver" "$rng"
row "core + transport + ring + blk + rng" "$sum" "<= 6184"
row "virtio/ (core, mmio, split, noirq, PM)" "$virtio" "<= 6144"
row "drivers/ in all" "$drivers"
