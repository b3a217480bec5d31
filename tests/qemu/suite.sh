# The QEMU test suite, sourced by tools/run-tests.sh: one qtest line per
# run (see qtest() there for the options). $O is the build dir, $T the
# test's own scratch dir.

TE="$O/tests"
VIRTIO_STD="-drive if=none,format=raw,file=\$T/disk.img,id=hd0 -device virtio-blk-device,drive=hd0 -device virtio-rng-device -device virtio-serial-device -chardev file,id=c0,path=\$T/con.txt -device virtconsole,chardev=c0"

# --- issue 3: foundation ---
qtest boot-svc "$TE/test_boot.elf" --append boot=svc
qtest boot-hyp "$TE/test_boot.elf" --hyp --append boot=hyp
qtest timer-irq "$TE/test_timer_irq.elf" --icount
qtest timer-irq-hyp "$TE/test_timer_irq.elf" --icount --hyp
qtest fault-dabt "$TE/test_fault.elf" --raw --append fault=dabt --exit 3 \
	--expect 'FAULT: data abort at pc=0x4' --expect 'DFAR=0xf0000000' --expect 'r0 '
qtest fault-und "$TE/test_fault.elf" --raw --append fault=und --exit 3 \
	--expect 'FAULT: undefined instruction at pc=0x4'
qtest fault-pabt "$TE/test_fault.elf" --raw --append fault=pabt --exit 3 \
	--expect 'FAULT: prefetch abort at pc=0xf0000000' --expect 'IFAR=0xf0000000'
for v in 1 2; do
	if [ $v = 1 ]; then vopt=--legacy; else vopt=--modern; fi
	qtest "slots-v$v" "$TE/test_slots.elf" $vopt --append "devs=31:2,30:4,29:3 ver=$v" \
		--pre 'truncate -s 1M $T/disk.img' -- \
		-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
		-device virtio-rng-device -device virtio-serial-device
done
qtest demo "$O/vmio.elf" --raw --expect '^vmio demo on qemu-virt' --expect 'demo done' \
	--expect '^ +31 +0x0a003e00 +79 +1 +0x0002 +block' \
	--pre 'truncate -s 8M $T/disk.img' -- \
	-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
	-device virtio-rng-device
ctest no-heap tools/check-noheap.sh "$O"
# The smallest build (make LOG_LEVEL=0, no log text) still runs the whole demo.
qtest demo-log0 "$O/log0/vmio.elf" --raw --expect 'demo done: all ok' \
	--pre 'truncate -s 8M $T/disk.img' -- \
	-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
	-device virtio-rng-device -device virtio-serial-device \
	-chardev "file,id=c0,path=\$T/con.txt" -device virtconsole,chardev=c0

# --- issue 4: virtio core, transport, drivers ---
BLK_CAP=8192	# sectors: 4 MiB written with the seeded pattern and checked on the host
# The device tests that run on several transports and boards, each as
# NAME TESTS-DIR POST-EXTRA QEMU-EXTRA [QTEST-OPTION...]: POST-EXTRA is
# appended to the --post check ('' or ' && CMD'), QEMU-EXTRA (split into
# words) to the QEMU arguments.
# test_blk: a scratch disk written and checked on the host, a read-only
# seeded disk, and one whose reads fail.
blk_qtest() {
	local name="$1" te="$2" post="$3" qextra="$4"; shift 4
	qtest "$name" "$te/test_blk.elf" "$@" --append "cap=$BLK_CAP ro_seed=0x5eed" \
		--pre 'truncate -s $((BLK_CAP * 512)) $T/disk.img && tools/blk-pattern.py gen 0x5eed $T/ro.img 65536 && truncate -s 1M $T/bad.img && printf "[inject-error]\nevent = \"none\"\niotype = \"read\"\nerrno = \"5\"\n" >$T/bad.conf' \
		--post 'tools/blk-pattern.py check 0x1234abcd $T/disk.img $((BLK_CAP * 512)) && tools/blk-pattern.py check 0x5eed $T/ro.img'"$post" -- \
		-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
		-drive "if=none,format=raw,file=\$T/ro.img,id=hd1,readonly=on" -device virtio-blk-device,drive=hd1 \
		-drive "if=none,format=raw,file=blkdebug:\$T/bad.conf:\$T/bad.img,id=hd2" -device virtio-blk-device,drive=hd2 $qextra
}
# test_console, output only, to a file chardev: nothing to read.
console_file_qtest() {
	local name="$1" te="$2" post="$3" qextra="$4"; shift 4
	qtest "$name" "$te/test_console.elf" "$@" --append "in=0" \
		--post 'grep -qx "hello from vmio over virtio-console" $T/con.txt && grep -qx "\[0 1 2 .* 58 59\] end" $T/con.txt && grep -qx "read back: nothing" $T/con.txt'"$post" -- \
		-device virtio-serial-device -chardev "file,id=c0,path=\$T/con.txt" -device virtconsole,chardev=c0 $qextra
}
# test_console both ways through a socket (QEMU 7.2's file chardev has no
# input-path): 60 records "line NNN\n" = 540 bytes, more than all posted
# rx buffers.
console_sock_qtest() {
	local name="$1" te="$2" post="$3" qextra="$4"; shift 4
	qtest "$name" "$te/test_console.elf" "$@" --append "in=540" \
		--pre 'for i in $(seq 0 59); do printf "line %03u\n" $i; done >$T/in.txt && tools/console-peer.py start $T/sock $T/in.txt $T/con.txt' \
		--post 'tools/console-peer.py wait $T/con.txt && grep -qx "hello from vmio over virtio-console" $T/con.txt && grep -qx "read back: line 000" $T/con.txt'"$post" -- \
		-device virtio-serial-device -chardev "socket,id=c0,path=\$T/sock" -device virtconsole,chardev=c0 $qextra
}
for v in 1 2; do
	if [ $v = 1 ]; then vopt=--legacy; else vopt=--modern; fi
	blk_qtest "blk-v$v" "$TE" "" "" $vopt
done
for v in 1 2; do
	if [ $v = 1 ]; then vopt=--legacy; else vopt=--modern; fi
	qtest "rng-v$v" "$TE/test_rng.elf" $vopt -- -device virtio-rng-device
	console_file_qtest "console-file-v$v" "$TE" "" "" $vopt
	console_sock_qtest "console-sock-v$v" "$TE" "" "" $vopt
done
for v in 1 2; do
	if [ $v = 1 ]; then vopt=--legacy; else vopt=--modern; fi
	qtest "demo-full-v$v" "$O/vmio.elf" $vopt --raw --expect 'demo done: all ok' \
		--expect "^  virtio[0-9]  0x0a003e00  id 2  v$v  virtio-blk" \
		--expect '^blk: wrote, flushed and read back 4096 bytes .*: ok' \
		--expect '^rng: 16 bytes of entropy:( [0-9a-f]{2}){16}' \
		--pre 'truncate -s 8M $T/disk.img' \
		--post 'grep -qx "hello from the vmio demo on the virtio console" $T/con.txt' -- \
		-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
		-device virtio-rng-device -device virtio-serial-device \
		-chardev "file,id=c0,path=\$T/con.txt" -device virtconsole,chardev=c0
done

# --- issue 7: EL2 monitor ---
MON="--monitor $O/monitor.elf"
for v in legacy modern; do
	qtest "monitor-decode-$v" "$TE/test_monitor.elf" $MON --$v --append "mon.slot1=blk" -- \
		-device virtio-rng-device
	qtest "monitor-rng-model-$v" "$TE/test_rng.elf" $MON --$v --append "mon.slot0=rng mon.slot1=none" \
		--expect 'mon: slot 0 rng DRIVER_OK after [0-9]+ accesses'
done
qtest monitor-ldrd-refused "$TE/test_monitor.elf" $MON --raw --append "mon.slot1=blk case=ldrd" \
	--exit 4 --expect 'mon: access to 0x0a000200 without a syndrome' \
	--expect 'mon: FATAL: undecodable guest access' -- -device virtio-rng-device
qtest monitor-boot "$TE/test_boot.elf" $MON --append boot=svc

# --- issue 5: noirq PM ---
# 100 suspend/resume cycles with blk I/O between them (checked in the guest
# and, afterwards, the whole written range on the host) and an entropy read
# after every resume; the rng plays a supplier restored with IRQs masked.
PM_CYCLES=100
# pm_qtest NAME VERSION POST-EXTRA QEMU-EXTRA [QTEST-OPTION...] (as blk_qtest;
# VERSION 1 or 2 names the transport's bench line).
pm_qtest() {
	local name="$1" v="$2" post="$3" qextra="$4"; shift 4
	qtest "$name" "$TE/test_pm.elf" "$@" --icount --append "cycles=$PM_CYCLES wake=1000" \
		--expect "^bench blk_restore_noirq_mmio_v$v " --expect '^bench noirq_irqs 0 ' \
		--expect 'RESTORE_NOIRQ +restore_noirq +virtio[0-9]+ pm-rng +0 +[0-9]+ +0 masked' \
		--pre 'truncate -s 1M $T/disk.img' \
		--post 'tools/blk-pattern.py check 0x9a55 $T/disk.img $(((PM_CYCLES + 1) * 8 * 512))'"$post" -- \
		-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
		-device virtio-rng-device $qextra
}
for v in 1 2; do
	if [ $v = 1 ]; then vopt=--legacy; else vopt=--modern; fi
	pm_qtest "pm-v$v" $v "" "" $vopt
done
# The whole story: monitor-hosted clock and regulator plus QEMU's blk and
# rng, 100 suspend/resume cycles. After every resume the monitor must see
# both suppliers at DRIVER_OK, their state replayed, all with IRQs masked,
# before any other device is touched; the blk data is checked host-side.
PMM_CYCLES=100
PMM_DEVS='-drive if=none,format=raw,file=$T/disk.img,id=hd0 -device virtio-blk-device,drive=hd0 -device virtio-rng-device'
for v in legacy modern; do
	qtest "pm-monitor-$v" "$TE/test_pm_monitor.elf" $MON --$v --icount \
		--append "cycles=$PMM_CYCLES" \
		--expect "^mon: resume $PMM_CYCLES: supplier accesses [0-9]+ \(0 with IRQs unmasked\).*order ok" \
		--reject 'order BAD|NOT READY|state replayed NO' \
		--pre 'truncate -s 1M $T/disk.img' \
		--post 'tools/blk-pattern.py check 0x51ee7 $T/disk.img $(((PMM_CYCLES + 1) * 8 * 512))' -- \
		$PMM_DEVS
done
qtest pm-monitor-regulator-refuses "$TE/test_pm_monitor.elf" $MON --modern --icount \
	--append "expect=regfail mon.fault=1:refuse_features_ok@resume" \
	--expect 'mon: fault armed: slot 1 refuse_features_ok' --expect 'refused features' \
	--expect 'regulator NOT READY' --pre 'truncate -s 1M $T/disk.img' -- $PMM_DEVS
qtest pm-monitor-clock-reset-stuck "$TE/test_pm_monitor.elf" $MON --modern --icount \
	--append "expect=clkstuck mon.fault=0:reset_stuck@resume" \
	--expect 'virtio0: reset not complete after [0-9]+ us' --expect 'clock NOT READY' \
	--pre 'truncate -s 1M $T/disk.img' -- $PMM_DEVS
qtest pm-monitor-clock-used-corrupt "$TE/test_pm_monitor.elf" $MON --modern --icount \
	--append "expect=usedbad mon.fault=0:used_bad_id@resume" \
	--expect 'virtio0 vq0: used id .*queue broken' --expect 'clock NOT READY' \
	--pre 'truncate -s 1M $T/disk.img' -- $PMM_DEVS
# Interrupt storm: the clock model ignores InterruptACK after the power cut.
qtest pm-monitor-clock-irq-storm "$TE/test_pm_monitor.elf" $MON --modern --icount \
	--append "expect=storm mon.fault=0:ignore_ack@resume" \
	--expect 'mon: fault armed: slot 0 ignore_ack' \
	--expect 'virtio0: interrupt storm: IRQ [0-9]+ still up .* IRQ disabled, device failed' \
	--expect 'pm_suspend with storm: 0' --pre 'truncate -s 1M $T/disk.img' -- $PMM_DEVS
# make run's demo, as the user sees it: under the monitor, all devices.
for v in legacy modern; do
	qtest "demo-monitor-$v" "$O/vmio.elf" $MON --$v --raw \
		--expect 'virtio: 5 devices probed' --expect '^  sdhc_clk +50000000 Hz +on' \
		--expect '^mon: resume 1: .*state replayed yes.*state replayed yes.*order ok' \
		--expect 'pm: suspend/resume ok' --expect 'demo done: all ok' \
		--reject 'FAILED' --pre 'truncate -s 8M $T/disk.img' -- \
		-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
		-device virtio-rng-device -device virtio-serial-device \
		-chardev "file,id=c0,path=\$T/con.txt" -device virtconsole,chardev=c0
done

# --- issue 5: driver PM ---
# The real blk, rng and console drivers through PM_DRV_CYCLES suspend/resume
# cycles: blk writes in flight at freeze (polled cycles) and reads between
# cycles in both completion modes, the written range checked on the host;
# an rng read (and a timed-out one left posted every tenth cycle); a line
# written to the console per cycle (counted on the host) and the peer's
# input read record by record across the sleeps, nothing lost or repeated.
PM_DRV_CYCLES=100
PM_DRV_RECS=$((PM_DRV_CYCLES + 20))
# Legacy runs without EVENT_IDX, where a polled queue must never interrupt
# (restore re-applied the suppression), and also makes blk's freeze fail
# on a request the device never saw (rollback; about 3 s under icount);
# modern runs with EVENT_IDX.
# pm_drivers_qtest NAME STUCK STUCK-RE POST-EXTRA QEMU-EXTRA [QTEST-OPTION...]:
# test_pm_drivers with blk, rng and a console peer; STUCK=1 makes blk's
# freeze fail on a request the device never saw, STUCK-RE is what the
# guest must say about it.
pm_drivers_qtest() {
	local name="$1" stuck="$2" stuck_re="$3" post="$4" qextra="$5"; shift 5
	qtest "$name" "$TE/test_pm_drivers.elf" "$@" --icount \
		--append "cycles=$PM_DRV_CYCLES wake=1000 recs=$PM_DRV_RECS stuck=$stuck" \
		--expect '^bench resume_guest_us [0-9]+ us' --expect '^bench irq_masked_window_us [0-9]+ us' \
		--expect '^bench noirq_irqs 0 ' --expect "$stuck_re" \
		--expect 'RESTORE +restore +virtio[0-9]+ virtio-blk +0 +[0-9]+ +0 on' \
		--expect 'RESTORE +restore +virtio[0-9]+ virtio-console +0 +[0-9]+ +0 on' \
		--expect 'FREEZE +freeze +virtio[0-9]+ virtio-rng +0 +[0-9]+ +0 on' \
		--reject 'DRIVER_OK already set|FAILED|in flight' \
		--pre 'truncate -s 1M $T/disk.img && for i in $(seq 0 $((PM_DRV_RECS - 1))); do printf "line %03u\n" $i; done >$T/in.txt && tools/console-peer.py start $T/sock $T/in.txt $T/con.txt' \
		--post 'tools/blk-pattern.py check 0x5dd1 $T/disk.img $(((PM_DRV_CYCLES + 1) * 8 * 512)) && tools/console-peer.py wait $T/con.txt && test "$(grep -c "^pm cycle [0-9]* ok$" $T/con.txt)" = $((PM_DRV_CYCLES + 1)) && test "$(grep -cx tick $T/con.txt)" = $PM_DRV_CYCLES && grep -qx "pm drivers done" $T/con.txt'"$post" -- \
		-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
		-device virtio-rng-device -device virtio-serial-device \
		-chardev "socket,id=c0,path=\$T/sock" -device virtconsole,chardev=c0 $qextra
}
for v in 1 2; do
	if [ $v = 1 ]; then
		vopt=--legacy
		noevidx="-global virtio-blk-device.event_idx=off -global virtio-rng-device.event_idx=off -global virtio-serial-device.event_idx=off"
		stuck=1
		stuck_re='blk: requests stuck, cannot freeze'
	else
		vopt=--modern
		noevidx=
		stuck=0
		stuck_re='stuck request: skipped'
	fi
	pm_drivers_qtest "pm-drivers-v$v" $stuck "$stuck_re" "" "$noevidx" $vopt
done
# Clock/regulator names and constraints from DTB child nodes, or the board table.
qtest supplies-from-dtb "$TE/test_dtb_supplies.elf" $MON --append src=dtb \
	--pre 'tools/dtb-with-supplies.sh $T/sup.dtb virt,virtualization=on' \
	--expect 'outside constraints \[1800000, 2800000\]' -- -dtb '$T/sup.dtb'
qtest supplies-from-table "$TE/test_dtb_supplies.elf" $MON --append src=table
# A DTB the firmware cannot use: one logged line, then the board table.
qtest dtb-corrupt-falls-back "$TE/test_slots.elf" --legacy --append "devs=31:4 ver=1" \
	--expect 'no usable DTB \(-22\), using the board table' \
	--pre 'qemu-system-arm -M virt,dumpdtb=$T/virt.dtb -cpu cortex-a15 -m 128M -nographic -net none >/dev/null 2>&1 && python3 -c "import sys,struct; d=bytearray(open(sys.argv[1],\"rb\").read()); o=struct.unpack(\">I\",d[8:12])[0]; d[o+200:o+204]=b\"\\0\\0\\0\\x09\"; open(sys.argv[2],\"wb\").write(d)" $T/virt.dtb $T/bad.dtb' \
	-- -dtb '$T/bad.dtb' -device virtio-rng-device

# --- fuzzing ---
# Bounded libFuzzer runs (tools/run-fuzz.sh: fixed seed, seed corpus made
# in $O/fuzz-work, at most 200000 inputs or 15 s each): the DTB reader,
# the split ring against a lying device, the clock/regulator channel.
for f in dtb used_ring clkreg_reply; do
	ctest "fuzz-$f" tools/run-fuzz.sh "$O" "$f"
done

# --- issue 10: drivers ---
# A 1-sector disk: the demo says it is too small for its test region, with sizes.
qtest demo-blk-one-sector "$O/vmio.elf" --raw --exit 1 \
	--expect '^blk0: 1 sectors' \
	--expect "^blk0: too small for the demo's test region: 512 bytes \(1 sectors\), it needs 4096 bytes \(8 sectors\)" \
	--expect '^blk: no disk for the write test: 0 read-only, 1 smaller than its 4096-byte region' \
	--reject 'no writable disk' --pre 'truncate -s 512 $T/disk.img' -- \
	-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
	-device virtio-rng-device
# DEVICE_NEEDS_RESET from QEMU's real blk, rng and console (the monitor's
# passthrough fault knob), mid-I/O, with IRQs on: each driver recovers by
# itself and keeps doing correct I/O (blk data and console records are
# checked on the host). Slots: blk 31, rng 30, console 29.
NR_ROUNDS=64
for v in legacy modern; do
	qtest "needs-reset-blk-$v" "$TE/test_needs_reset.elf" $MON --$v \
		--append "dev=blk n=$NR_ROUNDS mon.fault=31:needs_reset@149" \
		--expect 'mon: slot 31: fault fires: DEVICE_NEEDS_RESET' \
		--expect 'virtio[0-9]: blk: device needs reset: [01] requests failed \(-5\), recovered' \
		--pre 'truncate -s 1M $T/disk.img' \
		--post 'tools/blk-pattern.py check 0x4e3d5eed $T/disk.img $((NR_ROUNDS * 8 * 512))' -- \
		$VIRTIO_STD
	qtest "needs-reset-rng-$v" "$TE/test_needs_reset.elf" $MON --$v \
		--append "dev=rng n=$NR_ROUNDS mon.fault=30:needs_reset@40" \
		--expect 'mon: slot 30: fault fires: DEVICE_NEEDS_RESET' \
		--expect 'virtio[0-9]: rng: device needs reset: .*, recovered' \
		--pre 'truncate -s 1M $T/disk.img' -- $VIRTIO_STD
	qtest "needs-reset-console-$v" "$TE/test_needs_reset.elf" $MON --$v \
		--append "dev=console n=$NR_ROUNDS mon.fault=29:needs_reset@60" \
		--expect 'mon: slot 29: fault fires: DEVICE_NEEDS_RESET' \
		--expect 'virtio[0-9]: console: device needs reset: .*, recovered' \
		--pre 'truncate -s 1M $T/disk.img' \
		--post 'test "$(grep "^rec [0-9]*$" $T/con.txt | sort -u | wc -l)" = $NR_ROUNDS && test "$(grep "^rec [0-9]*$" $T/con.txt | uniq | sort -c && echo sorted)" = sorted' -- \
		$VIRTIO_STD
done

# --- issue 12: GICv3, flash boot, more boards ---
# board_suite TAG BUILD_DIR BOOT-ARGS QEMU-RUN-OPTIONS...: the QEMU tests that apply
# to any board, run on one board configuration (qemu-virt with a GICv3,
# the Versatile Express boards); test names start with TAG-. Real device
# tests (blk, rng, console, PM with the drivers), fewer PM cycles than on
# the reference board to keep make test short. BOOT-ARGS tell test_boot
# what the board must have found (see discovered_from_dtb there).
board_suite() {
	local tag="$1" bo="$2" bargs="$3"; shift 3
	local te="$bo/tests" bopt=("$@") cyc=20 recs=40
	qtest "$tag-boot-svc" "$te/test_boot.elf" "${bopt[@]}" --append "boot=svc $bargs"
	qtest "$tag-timer-irq" "$te/test_timer_irq.elf" "${bopt[@]}" --icount
	blk_qtest "$tag-blk-v2" "$te" "" "" "${bopt[@]}" --modern
	qtest "$tag-rng-v2" "$te/test_rng.elf" "${bopt[@]}" --modern -- -device virtio-rng-device
	console_sock_qtest "$tag-console-sock-v2" "$te" "" "" "${bopt[@]}" --modern
	qtest "$tag-pm-drivers-v2" "$te/test_pm_drivers.elf" "${bopt[@]}" --modern --icount \
		--append "cycles=$cyc wake=1000 recs=$recs stuck=0" \
		--expect '^bench noirq_irqs 0 ' --reject 'DRIVER_OK already set|FAILED|in flight' \
		--pre 'truncate -s 1M $T/disk.img && for i in $(seq 0 $((recs - 1))); do printf "line %03u\n" $i; done >$T/in.txt && tools/console-peer.py start $T/sock $T/in.txt $T/con.txt' \
		--post 'tools/blk-pattern.py check 0x5dd1 $T/disk.img $(((cyc + 1) * 8 * 512)) && tools/console-peer.py wait $T/con.txt && test "$(grep -c "^pm cycle [0-9]* ok$" $T/con.txt)" = $((cyc + 1)) && grep -qx "pm drivers done" $T/con.txt' -- \
		-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
		-device virtio-rng-device -device virtio-serial-device \
		-chardev "socket,id=c0,path=\$T/sock" -device virtconsole,chardev=c0
}

board_suite gic3 "$O" "" --gic3
# Entered in HYP: startup lets SVC use the GICv3 system registers (ICC_HSRE).
qtest gic3-boot-hyp "$TE/test_boot.elf" --gic3 --hyp --append boot=hyp
qtest gic3-timer-irq-hyp "$TE/test_timer_irq.elf" --gic3 --hyp --icount
qtest gic3-demo "$O/vmio.elf" --gic3 --modern --raw --expect 'qemu-virt: GICv3, distributor 0x08000000' \
	--expect 'pm: suspend/resume ok' --expect 'demo done: all ok' --reject 'FAULT|is not a known interrupt controller' \
	--pre 'truncate -s 8M $T/disk.img' --post 'grep -qx "hello from the vmio demo on the virtio console" $T/con.txt' -- \
	-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
	-device virtio-rng-device -device virtio-serial-device \
	-chardev "file,id=c0,path=\$T/con.txt" -device virtconsole,chardev=c0
# An interrupt controller the board has no driver for: one line, exit 2, no fault.
qtest intc-unsupported "$TE/test_boot.elf" --gic3 --raw --append boot=svc --exit 2 \
	--expect 'interrupt controller "vendor,other-intc" is not supported' --reject 'FAULT|is not a known interrupt controller' \
	--pre 'qemu-system-arm -M virt,gic-version=3,dumpdtb=$T/v3.dtb -cpu cortex-a15 -m 128M -nographic -net none >/dev/null 2>&1 && dtc -q -I dtb -O dts $T/v3.dtb | sed "s/\"arm,gic-v3\"/\"vendor,other-intc\"/" | dtc -q -I dts -O dtb -o $T/bad.dtb' \
	-- -dtb '$T/bad.dtb'

# flash_suite TAG BUILD_DIR BOARD_BUILD_DIR BOOT-ARGS QEMU-RUN-OPTIONS...: boot from
# NOR flash (make flash images, no -kernel): .data copied from flash, the
# boot checks, and the full demo (probe, blk, rng, console, one
# suspend/resume) as make run shows it, under -icount.
flash_suite() {
	local tag="$1" bo="$2" fo="$3" bargs="$4"; shift 4
	local bopt=("$@")
	qtest "$tag-flash-data" "$bo/tests/test_flash_data-flash.bin" --flash "${bopt[@]}" --append flash=1
	qtest "$tag-flash-data-ram" "$bo/tests/test_flash_data.elf" "${bopt[@]}" --append flash=0
	qtest "$tag-flash-boot" "$bo/tests/test_boot-flash.bin" --flash "${bopt[@]}" --append "boot=svc $bargs"
	qtest "$tag-flash-demo" "$fo/vmio-flash.bin" --flash "${bopt[@]}" --icount --modern --raw \
		--expect 'virtio: [0-9]+ devices probed' --expect '^blk: wrote, flushed and read back 4096 bytes' \
		--expect '^rng: 16 bytes of entropy' --expect 'pm: suspend/resume ok' --expect 'demo done: all ok' \
		--reject 'FAILED|FAULT' --pre 'truncate -s 8M $T/disk.img' \
		--post 'test "$(grep -cx "hello from the vmio demo on the virtio console" $T/con.txt)" = 2' -- \
		-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
		-device virtio-rng-device -device virtio-serial-device \
		-chardev "file,id=c0,path=\$T/con.txt" -device virtconsole,chardev=c0
}

flash_suite virt "$O" "$O/qemu-virt" ""
# make run's story from flash: the EL2 monitor first, then the firmware at
# the flash reset vector, clock and regulator replayed across the resume.
qtest virt-mon-flash-demo "$O/qemu-virt/vmio-flash.bin" --flash $MON --icount --modern --raw \
	--expect 'virtio: 5 devices probed' --expect '^mon: resume 1: .*state replayed yes.*state replayed yes.*order ok' \
	--expect 'pm: suspend/resume ok' --expect 'demo done: all ok' --reject 'FAILED|FAULT' \
	--pre 'truncate -s 8M $T/disk.img' -- \
	-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
	-device virtio-rng-device -device virtio-serial-device \
	-chardev "file,id=c0,path=\$T/con.txt" -device virtconsole,chardev=c0

# The Versatile Express boards (make builds them in $O/<board>/): no DTB,
# no virtualization, so no monitor tests; everything else that applies.
board_suite vexpress-a15 "$O/vexpress-a15" "src=table ram=0x80000000 slots=4" --board vexpress-a15
flash_suite vexpress-a15 "$O/vexpress-a15" "$O/vexpress-a15" "src=table ram=0x80000000 slots=4" --board vexpress-a15
board_suite vexpress-a9 "$O/vexpress-a9" "src=table ram=0x60000000 slots=4" --board vexpress-a9
flash_suite vexpress-a9 "$O/vexpress-a9" "$O/vexpress-a9" "src=table ram=0x60000000 slots=4" --board vexpress-a9
# The portable layers compile warning-free for A7 (ARM, Thumb), A9, A15,
# R5, M4, M33 and riscv64 (tools/compile-matrix.sh).
ctest compile-matrix tools/compile-matrix.sh "$O"
# GICv3 under the EL2 monitor: the supplier-first resume and make run's
# story from flash.
qtest gic3-pm-monitor-modern "$TE/test_pm_monitor.elf" --gic3 $MON --modern --icount \
	--append "cycles=20" \
	--expect '^mon: resume 20: supplier accesses [0-9]+ \(0 with IRQs unmasked\).*order ok' \
	--reject 'order BAD|NOT READY|state replayed NO' \
	--pre 'truncate -s 1M $T/disk.img' \
	--post 'tools/blk-pattern.py check 0x51ee7 $T/disk.img $((21 * 8 * 512))' -- \
	-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
	-device virtio-rng-device
qtest gic3-mon-flash-demo "$O/qemu-virt/vmio-flash.bin" --gic3 --flash $MON --icount --modern --raw \
	--expect 'qemu-virt: GICv3' --expect 'virtio: 5 devices probed' \
	--expect '^mon: resume 1: .*state replayed yes.*state replayed yes.*order ok' \
	--expect 'demo done: all ok' --reject 'FAILED|FAULT' --pre 'truncate -s 8M $T/disk.img' -- \
	-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
	-device virtio-rng-device -device virtio-serial-device \
	-chardev "file,id=c0,path=\$T/con.txt" -device virtconsole,chardev=c0
# The same with a GICv3: the board table has no compatible to go by, so
# the board tells the GIC versions apart by their ID registers.
qtest dtb-corrupt-falls-back-gic3 "$TE/test_timer_irq.elf" --gic3 --icount \
	--expect 'no usable DTB \(-22\), using the board table' --expect 'qemu-virt: GICv3' \
	--pre 'qemu-system-arm -M virt,gic-version=3,dumpdtb=$T/virt.dtb -cpu cortex-a15 -m 128M -nographic -net none >/dev/null 2>&1 && python3 -c "import sys,struct; d=bytearray(open(sys.argv[1],\"rb\").read()); o=struct.unpack(\">I\",d[8:12])[0]; d[o+200:o+204]=b\"\\0\\0\\0\\x09\"; open(sys.argv[2],\"wb\").write(d)" $T/virt.dtb $T/bad.dtb' \
	-- -dtb '$T/bad.dtb'

# --- issue 10: board, discovery, monitor, test system ---
# Item 21: console records widen from 9 to 10 bytes at record 1000, where
# a soak gets to; start=995 crosses that boundary in 10 cycles.
for v in legacy modern; do
	qtest "pm-drivers-rec1000-$v" "$TE/test_pm_drivers.elf" --$v --icount \
		--append "cycles=10 start=995 recs=20 stuck=0" \
		--expect '^bench pm_drivers_cycles 11 cycles' --reject 'FAILED|in flight' \
		--pre 'truncate -s 1M $T/disk.img && for i in $(seq 995 1014); do printf "line %03u\n" $i; done >$T/in.txt && tools/console-peer.py start $T/sock $T/in.txt $T/con.txt' \
		--post 'tools/blk-pattern.py check 0x5dd1 $T/disk.img $((11 * 8 * 512)) && tools/console-peer.py wait $T/con.txt && grep -qx "pm cycle 1005 ok" $T/con.txt && test "$(grep -c "^pm cycle [0-9]* ok$" $T/con.txt)" = 11 && grep -qx "pm drivers done" $T/con.txt' -- \
		-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0 \
		-device virtio-rng-device -device virtio-serial-device \
		-chardev "socket,id=c0,path=\$T/sock" -device virtconsole,chardev=c0
done
# The monitor sees the platform's power cut even when the guest's WFI
# does not trap (its wake interrupt was already pending).
qtest monitor-cut-wfi-not-trapped "$TE/test_monitor_cut.elf" $MON --modern --icount \
	--expect '^mon: resume 1: .*clock DRIVER_OK .*regulator DRIVER_OK .*first other device \(slot 2\).*order ok'
# Item 18: QEMU devices pinned into slots 0-7 under the monitor: slots
# without a model pass through like 8-31; a model hides QEMU's device and
# says so in one line.
qtest monitor-slot3-passthrough "$TE/test_slots.elf" $MON --modern \
	--append "devs=0:0xc000,1:0xc001,3:4,31:4 ver=2" --reject 'hidden' -- \
	-device virtio-rng-device -device virtio-rng-device,bus=virtio-mmio-bus.3
qtest monitor-slot1-unmodelled-passthrough "$TE/test_slots.elf" $MON --modern \
	--append "mon.slot1=none devs=0:0xc000,1:4 ver=2" --reject 'hidden' -- \
	-device virtio-rng-device,bus=virtio-mmio-bus.1
qtest monitor-slot0-hidden-reported "$TE/test_slots.elf" $MON --modern \
	--append "devs=0:0xc000,1:0xc001,7:4 ver=2" \
	--expect "^mon: slot 0: QEMU's device \(ID 2\) hidden by the clock model" \
	--pre 'truncate -s 1M $T/disk.img' -- \
	-drive "if=none,format=raw,file=\$T/disk.img,id=hd0" -device virtio-blk-device,drive=hd0,bus=virtio-mmio-bus.0 \
	-device virtio-rng-device,bus=virtio-mmio-bus.7
# Items 15/16: DTB virtio,mmio nodes with nothing behind their reg, or the
# same device twice: each refused at discovery in one line, before any
# access (it was a data abort, or two drivers on one rng); the rest works.
qtest dtb-virtio-outside-map "$TE/test_rng.elf" --legacy \
	--expect '^vmio: error: discovery: virtio-mmio window 0x0b000000\+0x200 is outside' \
	--expect '^vmio: error: discovery: virtio-mmio window 0xdead0000\+0x200 is outside' \
	--reject FAULT --pre 'tools/dtb-with-virtio.sh $T/bad.dtb virt 0x0a000a00=0x0b000000 0x0a000c00=0xdead0000' \
	-- -dtb '$T/bad.dtb' -device virtio-rng-device
qtest dtb-virtio-duplicate "$TE/test_rng.elf" --legacy \
	--expect '^vmio: error: discovery: virtio-mmio window 0x0a003e00\+0x200 overlaps the one at 0x0a003e00' \
	--expect '^vmio: error: discovery: virtio-mmio window 0x0a003f00\+0x200 overlaps the one at 0x0a003e00' \
	--pre 'tools/dtb-with-virtio.sh $T/bad.dtb virt 0x0a000a00=0x0a003e00 0x0a000c00=0x0a003f00' \
	-- -dtb '$T/bad.dtb' -device virtio-rng-device
# Item 17: ten devices, VIRTIO_MAX_DEVICES 8: the count is a count, the
# overflow one line, and the first 8 in discovery (address) order are kept (here the
# models and slots 24-29; the two rngs given first, in slots 30-31, go).
qtest demo-more-than-max-devices "$O/vmio.elf" $MON --legacy --raw \
	--expect '^vmio: error: virtio: 10 devices found, VIRTIO_MAX_DEVICES is 8: ignored the last 2 \(first at 0x0a003c00\)' \
	--expect '^virtio: 8 devices probed' --expect '^  virtio7  0x0a003a00  id 3 ' \
	--expect 'demo done: all ok' --reject 'FAILED|0x0a003[ce]00  id' \
	--pre 'for i in 0 1 2 3; do truncate -s 8M $T/d$i.img; done' -- \
	-device virtio-rng-device -device virtio-rng-device -device virtio-serial-device \
	-chardev "file,id=c0,path=\$T/con.txt" -device virtconsole,chardev=c0 -device virtio-rng-device \
	-drive "if=none,format=raw,file=\$T/d0.img,id=hd0" -device virtio-blk-device,drive=hd0 \
	-drive "if=none,format=raw,file=\$T/d1.img,id=hd1" -device virtio-blk-device,drive=hd1 \
	-drive "if=none,format=raw,file=\$T/d2.img,id=hd2" -device virtio-blk-device,drive=hd2 \
	-drive "if=none,format=raw,file=\$T/d3.img,id=hd3" -device virtio-blk-device,drive=hd3
# Item 20: test-host, test-qemu and bench each build what they run.
ctest make-targets-build-what-they-run tools/check-targets.sh

# --- issue 13: packed virtqueues ---
# The blk, rng, console and PM tests again on the modern transport with
# every QEMU device offering VIRTIO_F_RING_PACKED; QEMU's own trace of the
# DriverFeatures writes proves each bring-up negotiated it (bit 34).
PACKED="-global virtio-blk-device.packed=on -global virtio-rng-device.packed=on -global virtio-serial-device.packed=on -trace virtio_mmio_write_offset,file=\$T/mmio.txt"
blk_qtest blk-packed "$TE" ' && tools/check-features.py $T/mmio.txt 34 3' "$PACKED" --modern
qtest rng-packed "$TE/test_rng.elf" --modern --post 'tools/check-features.py $T/mmio.txt 34 1' -- \
	-device virtio-rng-device $PACKED
console_file_qtest console-file-packed "$TE" ' && tools/check-features.py $T/mmio.txt 34 1' "$PACKED" --modern
console_sock_qtest console-sock-packed "$TE" ' && tools/check-features.py $T/mmio.txt 34 1' "$PACKED" --modern
pm_qtest pm-packed 2 ' && tools/check-features.py $T/mmio.txt 34 2' "$PACKED" --modern
pm_drivers_qtest pm-drivers-packed 0 'stuck request: skipped' ' && tools/check-features.py $T/mmio.txt 34 3' "$PACKED" --modern
# The packed ring and its indirect tables against a lying device (libFuzzer).
ctest fuzz-packed_ring tools/run-fuzz.sh "$O" packed_ring

# Issue 11 (structure): no include arrow from a lower folder to a higher one
# (gcc -MM per file), and lib/ links nothing from above it.
ctest layers tools/check-layers.sh "$O"

# Issue 11 (size): every function of the goal rows is named in the ledger
# with the feature it pays for, the ledger names nothing that is gone, and
# the base alone (what U-Boot's layers also do) is within the goals.
ctest size-ledger tools/size-ledger.sh "$O" "$O/log0" "${CROSS_COMPILE:-arm-none-eabi-}size" --check
