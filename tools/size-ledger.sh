#!/bin/bash
# The ledger of issue 11: every byte of the goal rows named with the
# feature it pays for. Code is attributed per function (and its strings
# and tables) from the LOG_LEVEL=0 build, using tools/size-ledger.txt;
# the error text is what the default build weighs above LOG_LEVEL=0.
#   tools/size-ledger.sh BUILD_DIR LOG0_BUILD_DIR [SIZE] [--check]
# --check: exit 1 if a function is missing from the ledger or the ledger
# names a function that no longer exists (so the ledger cannot go stale).
O="$1"
L="$2"
SIZE="${3:-arm-none-eabi-size}"
check="${4:-}"
here=$(dirname "$0")
ledger="$here/size-ledger.txt"

# Objects of the goal rows, as "row file" (row: ring = core+mmio+split+
# blk+rng only, pm = virtio/ only, both = in both goals).
objs="both virtio/virtio.c
both virtio/virtio_bus.c
both virtio/virtio_cspace.c
both virtio/virtio_mmio.c
both virtqueue/virtqueue_split.c
ring drivers/blk/virtio_blk.c
ring drivers/rng/virtio_rng.c
pm virtio/virtio_noirq.c
pm virtio/virtio_pm.c"

# sections BUILD: "row object symbol bytes" for every text-like section.
sections() {
	local b="$1" row f o
	while read -r row f; do
		f=${f/virtqueue\//virtio/}
		o="$b/fw/$f.o"
		[ -f "$o" ] || { echo "size-ledger: missing $o" >&2; exit 2; }
		$SIZE -A "$o" | awk -v row="$row" -v obj="$(basename "$f" .c)" '
			$1 ~ /^\.(text|rodata|ARM\.exidx|ARM\.extab)/ && $2 > 0 {
				s = $1
				sub(/^\.(text|rodata|ARM\.exidx|ARM\.extab)\.?/, "", s)
				sub(/\.str1\.[0-9]+$/, "", s)
				sub(/\.(isra|part|constprop)\..*$/, "", s)
				if (s == "" || s ~ /^str1\./) s = "(anon)"
				print row, obj, s, $2
			}'
	done <<<"$objs"
}

sections "$L" >/tmp/size-ledger.$$.log0 || exit 2
sections "$O" >/tmp/size-ledger.$$.dflt || exit 2
trap 'rm -f /tmp/size-ledger.$$.*' EXIT

awk -v check="$check" '
	FILENAME == ARGV[1] {			# the ledger
		if ($0 ~ /^[ \t]*(#|$)/) next
		if ($1 ~ /^@/) { tag = substr($1, 2); $1 = ""; desc[tag] = substr($0, 2); order[++ntag] = tag; next }
		key = $1 " " $2; feat[key] = $3; known[key] = 1; next
	}
	FILENAME == ARGV[2] {			# LOG_LEVEL=0 sections
		key = $2 " " $3
		if (!(key in feat)) { unmapped[key] = $4; t = "?" } else { t = feat[key]; seen[key] = 1 }
		if ($1 != "pm") ring[t] += $4
		if ($1 != "ring") virt[t] += $4
		if ($2 == "virtio_blk") blk[t] += $4
		next
	}
	{					# default build sections
		if ($1 != "pm") dring += $4
		if ($1 != "ring") dvirt += $4
		if ($2 == "virtio_blk") dblk += $4
	}
	END {
		for (t in ring) r0 += ring[t]
		for (t in virt) v0 += virt[t]
		for (t in blk) b0 += blk[t]
		f = "%-12s %6s %7s %6s  %s\n"
		g = "%-12s %6d %7d %6d  %s\n"
		printf f, "ledger", "ring", "virtio/", "blk", "(ring: core+mmio+split+blk+rng; virtio/: core, mmio, split, noirq, PM)"
		for (i = 1; i <= ntag; i++) {
			t = order[i]
			printf g, t, ring[t], virt[t], blk[t], desc[t]
		}
		printf g, "text", dring - r0, dvirt - v0, dblk - b0, "Readable error messages: the default build minus LOG_LEVEL=0"
		if ("?" in ring || "?" in virt)
			printf g, "?", ring["?"], virt["?"], blk["?"], "Not in tools/size-ledger.txt"
		printf g, "total", dring, dvirt, dblk, "Default build"
		printf g, "goal", 6184, 6144, 1250, "Issue 11"
		printf g, "over", dring - 6184, dvirt - 6144, dblk - 1250, "Total minus goal: every byte of it is in a named row other than base"
		bad = 0
		for (k in unmapped) { printf "size-ledger: %s (%d bytes) is not in the ledger\n", k, unmapped[k] | "sort"; bad = 1 }
		for (k in known) if (!(k in seen)) { printf "size-ledger: ledger names %s, which no longer exists\n", k | "sort"; bad = 1 }
		for (t in ring) if (t != "?" && !(t in desc)) { printf "size-ledger: feature %s has no @ line\n", t; bad = 1 }
		if (ring["base"] > 6184 || virt["base"] > 6144 || blk["base"] > 1250) { print "size-ledger: base alone is over a goal"; bad = 1 }
		if (check == "--check" && bad) exit 1
	}' "$ledger" /tmp/size-ledger.$$.log0 /tmp/size-ledger.$$.dflt
