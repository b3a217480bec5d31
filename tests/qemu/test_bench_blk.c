// SPDX-License-Identifier: MIT
/*
 * The blk bench image behind tools/bench.sh (not part of the test suite).
 * mode=init: probe every slot (the runner attaches one virtio-blk only),
 * between UART markers "#1" and "#2" that tools/bench-trace.py finds in
 * QEMU's pl011_write trace; prints the transport's access counter for the
 * window and the cost of one empty slot, so that the blk device's own
 * accesses can be checked against the trace.
 * mode=read req=BYTES total=BYTES: read total bytes from sector 0 in
 * req-byte requests, every slot in flight, interrupt-driven, between
 * markers "#3" and "#4"; prints MMIO accesses and guest microseconds.
 * With sync=1 the same through virtio_blk_read() (requests of
 * info.max_req, one notify per batch), in chunks of at most 1 MiB.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "board/board.h"
#include "drivers/blk/virtio_blk.h"
#include "tests/qemu/harness/qtest.h"
#include "virtio/virtio.h"
#include "virtio/virtio_mmio.h"
#include "vmio/print.h"

#define MAX_REQ (64u * 1024u)

static uint8_t buf[16][MAX_REQ];
static volatile unsigned int done_count;
static volatile int done_err;

static void on_done(void *arg, int err)
{
	(void)arg;
	if (err)
		done_err = err;
	done_count++;
}

static unsigned long arg_ul(const char *key, unsigned long def)
{
	const char *v = qtest_arg(key);

	return v ? strtoul(v, NULL, 0) : def;
}

static int bench_init(void)
{
	const struct board_info *bi = board_get_info();
	struct virtio_device tmp;
	uint32_t c0, c1, c2;
	int n;

	virtio_blk_register();
	vmio_printf("#1\n");
	c0 = virtio_mmio_access_count();
	n = virtio_probe_all();
	c1 = virtio_mmio_access_count();
	vmio_printf("#2\n");
	/* Slot 0 is empty in the bench run: what discovery costs there. */
	memset(&tmp, 0, sizeof(tmp));
	virtio_mmio_init_device(&tmp, bi->virtio[0].base, bi->virtio[0].irq);
	c2 = virtio_mmio_access_count();
	vmio_printf("COUNT window %lu\nCOUNT empty_slot %lu\nCOUNT slots %u\n"
		    "COUNT devices %d\n", (unsigned long)(c1 - c0),
		    (unsigned long)(c2 - c1), bi->nvirtio, n);
	return n == 1 && virtio_blk_count() == 1 ? 0 : 1;
}

static int bench_read(void)
{
	uint32_t req = (uint32_t)arg_ul("req", MAX_REQ);
	uint64_t total = arg_ul("total", 1u << 20), sector = 0, left = 1;
	unsigned int submitted = 0, i = 0;
	struct virtio_blk *b;
	uint64_t t0, t1;
	uint32_t c0, c1;

	virtio_blk_register();
	if (virtio_probe_all() != 1 || !(b = virtio_blk_get(0)) || req > MAX_REQ ||
	    total > virtio_blk_get_info(b)->capacity * 512)
		return 1;
	/* Markers and counter read with IRQs masked: same window for both. */
	vmio_printf("#3\n");
	c0 = virtio_mmio_access_count();
	t0 = board_time_us();
	board_irq_unmask();
	if (arg_ul("sync", 0)) {
		for (left = total; left; left -= req, sector += req / 512) {
			req = left < sizeof(buf) ? (uint32_t)left : (uint32_t)sizeof(buf);
			if (virtio_blk_read(b, sector, buf, req))
				return 1;
		}
		left = 0;
	}
	for (left = left ? total : 0; left; left -= req, sector += req / 512) {
		while (virtio_blk_inflight(b) == VIRTIO_BLK_SLOTS)
			;
		if (virtio_blk_submit(b, VIRTIO_BLK_T_IN, sector, buf[i], req,
				      on_done, NULL))
			return 1;
		submitted++;
		i = (i + 1) % VIRTIO_BLK_SLOTS;
	}
	while (done_count < submitted)
		;
	board_irq_save();
	t1 = board_time_us();
	c1 = virtio_mmio_access_count();
	vmio_printf("#4\n");
	vmio_printf("COUNT window %lu\nUS %llu\nREQS %u\nERR %d\n",
		    (unsigned long)(c1 - c0), (unsigned long long)(t1 - t0),
		    submitted, done_err);
	return done_err ? 1 : 0;
}

int main(void)
{
	const char *m = qtest_arg("mode");

	if (m && !strcmp(m, "init"))
		return bench_init();
	if (m && !strcmp(m, "read"))
		return bench_read();
	vmio_printf("bench: mode=init|read\n");
	return 2;
}
