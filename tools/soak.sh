#!/bin/bash
# `make soak`: long suspend/resume runs on QEMU, not part of `make test`.
# Each run is SOAK_CYCLES cycles with blk I/O in every cycle, on both
# transports:
#  - pm-drivers: the real blk, rng and console drivers
#    (tests/qemu/test_pm_drivers.c), the blk range checked on the host;
#  - pm-monitor: the monitor's clock and regulator restored with IRQs
#    masked before QEMU's blk and rng (tests/qemu/test_pm_monitor.c).
# Each of them runs twice: under -icount (guest time from the instruction
# count: reproducible figures) and on the host clock (figures as a loaded
# host makes them; the outcome must not depend on them).
# Prints one line per run and a total:
#   soak RUN cycles N failures N resume_max_us N masked_max_us N masked_work_max_us N
#   soak total: runs N cycles N failures N resume_max_us N masked_max_us N masked_work_max_us N
# masked_max_us is the whole IRQ-masked window, the platform sleep (the
# 1 ms wake timer) included: under -icount its WFI still advances at host
# speed (QEMU's default sleep=on), so even there it follows host load;
# masked_work_max_us is the window without the sleep.
# and exits non-zero on any failure.
#
#   tools/soak.sh BUILD_DIR [FILTER]     SOAK_CYCLES=1000
set -u
O="$1"
filter="${2:-}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
N="${SOAK_CYCLES:-1000}"
W="$O/soak"
mkdir -p "$W"
runs=0 tcycles=0 tfail=0 tres=0 tmask=0 twork=0

val() { sed -n "s/^bench $2 \([0-9]*\).*/\1/p" "$1" | tr -d '\r' | tail -1; }
max() { [ "${1:-0}" -gt "${2:-0}" ] && echo "${1:-0}" || echo "${2:-0}"; }

# report NAME LOG CYCLES-KEY RESUME-KEY MASKED-KEY WORK-KEY HOST-CHECK-RESULT
report() {
	local name="$1" log="$2" c r m w f ok bad
	c=$(val "$log" "$3"); r=$(val "$log" "$4"); m=$(val "$log" "$5"); w=$(val "$log" "$6")
	ok=$(grep -c '^ok ' "$log"); bad=$(grep -c '^not ok ' "$log")
	f=$bad
	grep -Eq "^$ok passed, $bad failed" "$log" || f=$((f + 1))
	[ "$7" = 0 ] || f=$((f + 1))
	echo "soak $name cycles ${c:-0} failures $f resume_max_us ${r:-?} masked_max_us ${m:-?} masked_work_max_us ${w:-?}"
	[ "$f" = 0 ] || { grep '^not ok ' "$log"; echo "soak $name: log $log"; }
	runs=$((runs + 1)); tcycles=$((tcycles + ${c:-0})); tfail=$((tfail + f))
	tres=$(max "$tres" "$r"); tmask=$(max "$tmask" "$m"); twork=$(max "$twork" "$w")
}

pm_drivers() {
	local v="$1" name="pm-drivers-$1-$2" opt T rc post=0
	opt=$([ "$2" = icount ] && echo --icount)
	T="$W/$name"
	rm -rf "$T"; mkdir -p "$T"
	truncate -s $(((N + 2) * 4096)) "$T/disk.img"
	for i in $(seq 0 $((N + 19))); do printf "line %03u\n" "$i"; done >"$T/in.txt"
	tools/console-peer.py start "$T/sock" "$T/in.txt" "$T/con.txt"
	tools/qemu-run.sh --timeout 3600 --"$v" $opt \
		--append "cycles=$N wake=1000 recs=$((N + 20)) stuck=0" \
		"$O/tests/test_pm_drivers.elf" -- \
		-drive "if=none,format=raw,file=$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
		-device virtio-rng-device -device virtio-serial-device \
		-chardev "socket,id=c0,path=$T/sock" -device virtconsole,chardev=c0 >"$T/out.log" 2>&1
	rc=$?
	{
		[ $rc = 0 ] &&
		tools/blk-pattern.py check 0x5dd1 "$T/disk.img" $(((N + 1) * 4096)) &&
		tools/console-peer.py wait "$T/con.txt" &&
		test "$(grep -c '^pm cycle [0-9]* ok$' "$T/con.txt")" = $((N + 1)) &&
		grep -qx "pm cycle $N ok" "$T/con.txt" &&
		grep -qx "pm drivers done" "$T/con.txt"
	} >"$T/host-check.log" 2>&1 || post=1
	[ $post = 0 ] || echo "soak $name: host check failed (qemu exit $rc): $(tail -1 "$T/host-check.log")"
	report "$name" "$T/out.log" pm_drivers_cycles resume_guest_us irq_masked_window_us \
		irq_masked_work_max_us $post
}

pm_monitor() {
	local v="$1" name="pm-monitor-$1-$2" opt T rc post=0
	opt=$([ "$2" = icount ] && echo --icount)
	T="$W/$name"
	rm -rf "$T"; mkdir -p "$T"
	truncate -s $(((N + 2) * 4096)) "$T/disk.img"
	tools/qemu-run.sh --timeout 3600 --monitor "$O/monitor.elf" --"$v" $opt \
		--append "cycles=$N" "$O/tests/test_pm_monitor.elf" -- \
		-drive "if=none,format=raw,file=$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
		-device virtio-rng-device >"$T/out.log" 2>&1
	rc=$?
	{
		[ $rc = 0 ] &&
		grep -Eq "^mon: resume $N: .*\(0 with IRQs unmasked\).*order ok" "$T/out.log" &&
		! grep -Eq 'order BAD|NOT READY|state replayed NO' "$T/out.log" &&
		tools/blk-pattern.py check 0x51ee7 "$T/disk.img" $(((N + 1) * 4096))
	} >"$T/host-check.log" 2>&1 || post=1
	[ $post = 0 ] || echo "soak $name: host check failed (qemu exit $rc): $(tail -1 "$T/host-check.log")"
	# test_pm_monitor counts its cycles in its "N cycles done" line
	sed -n "s/^\([0-9]*\) cycles done.*/bench soak_cycles \1/p" "$T/out.log" >>"$T/out.log"
	report "$name" "$T/out.log" soak_cycles resume_guest_us_monitor \
		irq_masked_window_us_monitor irq_masked_work_us_monitor $post
}

start=$(date +%s)
for v in legacy modern; do
	for clk in icount host; do
		[[ "pm-drivers-$v-$clk" == *$filter* ]] && pm_drivers $v $clk
		[[ "pm-monitor-$v-$clk" == *$filter* ]] && pm_monitor $v $clk
	done
done
echo "soak total: runs $runs cycles $tcycles failures $tfail resume_max_us $tres masked_max_us $tmask masked_work_max_us $twork ($(( $(date +%s) - start )) s)"
[ $runs -gt 0 ] && [ $tfail = 0 ]
