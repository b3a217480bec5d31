#!/bin/bash
# Bounded libFuzzer runs: `make fuzz`, and one `ctest fuzz-NAME` line per
# target in tests/qemu/suite.sh. Each target starts from a seed corpus
# made here, in a scratch dir under the build dir, with a fixed seed, and
# stops after FUZZ_RUNS inputs or FUZZ_TIME seconds, whichever is first.
# Exits non-zero on any crash, sanitizer report, leak or hang; the
# reproducer stays in the scratch dir (rerun: BIN REPRODUCER).
#
#   tools/run-fuzz.sh BUILD_DIR [NAME...]    (default: every fuzz_* binary)
#   FUZZ_TIME=15 FUZZ_RUNS=200000 FUZZ_SEED=1 (a long campaign: FUZZ_TIME=3600 FUZZ_RUNS=-1)
# FUZZ_RUNS given alone (the 10-million-run figure: FUZZ_RUNS=10000000)
# allows up to 30 minutes per target. FUZZ_MAXLEN overrides each target's
# input length cap (maxlen_NAME below).
set -u
O="$1"
shift
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ -n "${FUZZ_RUNS:-}" ]; then
	time="${FUZZ_TIME:-1800}"
else
	time="${FUZZ_TIME:-15}"
fi
runs="${FUZZ_RUNS:-200000}"
seed="${FUZZ_SEED:-1}"

# Input length caps. Without one, libFuzzer lets inputs grow to 4 KiB and
# each run slows down as they do. A script of 1 KiB is some 250 steps,
# far more than it takes to fill and drain the 16-entry (used_ring) or
# 8-entry (clkreg_reply) ring many times over. The DTB cap keeps the QEMU
# seeds (seed_dtb) whole.
maxlen_dtb=4608
maxlen_used_ring=1024
maxlen_packed_ring=1024
maxlen_clkreg_reply=1024

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for bin in "$O"/fuzz/fuzz_*; do
		[ -x "$bin" ] && names+=("${bin##*/fuzz_}")
	done
fi
[ ${#names[@]} -gt 0 ] || { echo "run-fuzz: no fuzz binaries in $O/fuzz (make fuzz-build)"; exit 1; }

# Seeds: real inputs get the fuzzer past the format checks at once.
seed_dtb() {
	local dir="$1" raw="$1/../qemu-virt.raw" hyp

	# QEMU's blobs with 4 of their 32 virtio nodes (the other 28 are the
	# same node again): some 4 KiB instead of 7.5, so the input cap can
	# stay at 4 KiB (maxlen_dtb), and the platform scan, which looks up
	# the interrupt parent of every virtio node from the root, costs a
	# fraction. The host tests read the whole blobs (tests/host/test_dtb.c).
	for hyp in "" ",virtualization=on"; do
		if ! qemu-system-arm -M "virt$hyp" -cpu cortex-a15 -m 128M -nographic \
			-net none -machine dumpdtb="$raw" >/dev/null 2>&1; then
			echo "run-fuzz: no QEMU DTB (virt$hyp)"
			continue
		fi
		dtc -q -I dtb -O dts "$raw" 2>/dev/null |
			awk '/^\tvirtio_mmio@/ && !/^\tvirtio_mmio@a000[0246]00 /{skip=1}
			     !skip{print} /^\t};/{skip=0}' |
			dtc -q -I dts -O dtb -o "$dir/qemu-virt${hyp:+-hyp}.dtb" - 2>/dev/null ||
			rm -f "$dir/qemu-virt${hyp:+-hyp}.dtb"
	done
	rm -f "$raw"
	# A small tree of our own: mutations of a 1 KiB blob are ten times
	# cheaper, and it nests DTB_MAX_DEPTH (16) deep: one more is refused.
	local deep="" undo="" i
	for i in $(seq 1 14); do deep="$deep n$i {"; undo="$undo };"; done
	dtc -q -I dts -O dtb -o "$dir/small.dtb" - 2>/dev/null <<-EOF2 || true
	/dts-v1/;
	/memreserve/ 0x48000000 0x1000;
	/ {
		#address-cells = <2>; #size-cells = <2>;
		compatible = "linux,dummy-virt";
		chosen { stdout-path = "/pl011@9000000"; };
		memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x8000000>; };
		intc@8000000 { compatible = "arm,cortex-a15-gic"; #interrupt-cells = <3>;
			interrupt-controller; phandle = <1>; };
		pl011@9000000 { compatible = "arm,pl011", "arm,primecell";
			reg = <0 0x9000000 0 0x1000>; interrupts = <0 1 4>; interrupt-parent = <1>; };
		virtio_mmio@a000000 { compatible = "virtio,mmio"; reg = <0 0xa000000 0 0x200>;
			interrupts = <0 16 1>; interrupt-parent = <1>; clocks = <1 2>; };
		deep {$deep x = <1>;$undo };
	};
	EOF2
}

# Tokens and names the DTB reader looks for: libFuzzer splices them in.
dict_dtb() {
	printf '%s\n' 'magic="\xd0\x0d\xfe\xed"' 'begin_node="\x00\x00\x00\x01"' \
		'end_node="\x00\x00\x00\x02"' 'prop="\x00\x00\x00\x03"' 'nop="\x00\x00\x00\x04"' \
		'end="\x00\x00\x00\x09"' 'v17="\x00\x00\x00\x11"' 'virtio="virtio,mmio"' \
		'reg="reg"' 'compatible="compatible"' 'interrupts="interrupts"' >"$1"
}

# Scripts in each target's step language (see the fuzz files); short on
# purpose, they only need to reach the good path once.
seed_used_ring() {
	# 8 entries, no EVENT_IDX: add (1 out + 1 in), a used entry for it, get.
	printf '\010\000\000\013\000\000\020\100\000\040\004\001\000\020\000\000\000\002' >"$1/one"
	# EVENT_IDX: three chains, the second completed and got, kick, detach the rest.
	printf '\010\001%s%s%s\004\001\001\010\000\000\000\002\013\011' \
		'\000\013\000\000\020\100\000\040' '\000\013\000\001\020\100\001\040' \
		'\000\013\000\002\020\100\002\040' >"$1/few"
}

seed_clkreg_reply() {
	# clock, modern, in place, queue 2: one call answered at once (echo,
	# result 0, data 1 2 3 4) through the interrupt.
	printf '\113\000\000\000\000\000\000\000\003\000\001\000\000\000\002\000\000\000\003\000\000\000\004\000\000\000' >"$1/clock"
	# regulator, split form, polled: the same with zero data.
	printf '\102\000\000\001\000\000\000\000\003\000' >"$1/regulator"
	# a call never answered (timeout, reset), then one that recovers first.
	printf '\113\000\000\000\000\000\000\007\000\000\000\000\000\000\003\000' >"$1/timeout"
}

status=0
for name in "${names[@]}"; do
	bin="$O/fuzz/fuzz_$name"
	work="$O/fuzz-work/$name"
	if [ ! -x "$bin" ]; then
		echo "fuzz $name: $bin missing (make fuzz-build)"
		status=1
		continue
	fi
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/seeds"
	if declare -F "seed_$name" >/dev/null; then
		"seed_$name" "$work/seeds"
	fi
	dict=()
	if declare -F "dict_$name" >/dev/null; then
		"dict_$name" "$work/dict"
		dict=(-dict="$work/dict")
	fi
	maxlen_var="maxlen_$name"
	maxlen="${FUZZ_MAXLEN:-${!maxlen_var:-4096}}"
	start=$(date +%s)
	UBSAN_OPTIONS=print_stacktrace=1 "$bin" -seed="$seed" -runs="$runs" \
		-max_total_time="$time" -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$work/" -print_final_stats=1 "${dict[@]}" \
		"$work/corpus" "$work/seeds" >"$work/log" 2>&1
	rc=$?
	done_line=$(grep -E '^Done [0-9]+ runs' "$work/log" | tail -1)
	done_line="${done_line%% in *} in $(( $(date +%s) - start )) s"
	rate=$(grep -Eo 'average_exec_per_sec: +[0-9]+' "$work/log" | grep -Eo '[0-9]+$')
	cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$work/log" | tail -1)
	if [ $rc -ne 0 ]; then
		repro=$(ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null | head -1)
		grep -E '^(fuzz: invariant|==[0-9]+==ERROR|SUMMARY|    #[0-9]+ .* in [a-z_]+ /)' "$work/log" | head -12
		echo "fuzz $name: FAILED (exit $rc) after $(( $(date +%s) - start )) s; log $work/log; reproducer ${repro:-none}"
		status=1
	else
		echo "fuzz $name: ok, ${done_line#Done }, ${rate:-?} exec/s ($cov), corpus $(ls "$work/corpus" | wc -l) files"
	fi
done
exit $status
