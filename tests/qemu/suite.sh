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

