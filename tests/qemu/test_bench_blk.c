// SPDX-License-Identifier: MIT
/*
 * The blk bench image behind tools/bench.sh (not part of the test suite).
 * mode=init: probe every slot (the runner attaches one virtio-blk only),
 * between UART markers "#1" and "#2" that tools/bench-trace.py finds in
 * QEMU's pl011_write trace; prints the transport's access counter for the
 * window and the cost of one empty slot, so that the blk device's own
 * accesses can be checked against the trace.
 * mode=read total=BYTES [req=BYTES] [sync=1] [polled=1]: read total bytes
 * (at most 16 MiB) from sector 0 into one 16 MiB buffer, between markers
 * "#3" and "#4"; prints MMIO accesses, guest microseconds and requests.
 * Without req= the request is the largest the device allows
 * (info.max_req). Async (default): requests go out in batches, queued
 * with virtio_blk_queue() and one virtio_blk_kick() each, refilled when
 * at most a quarter of the slots is still in flight, completions by
 * interrupt (reaped in bulk, the CPU in WFI meanwhile) or, with polled=1,
 * by virtio_blk_poll().
 * sync=1: virtio_blk_read() calls of req bytes (default: all at once).
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

#define BENCH_MAX (16u * 1024u * 1024u)

static uint8_t buf[BENCH_MAX] __aligned(4096);
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
	virtio_mmio_init_device(&tmp, &bi->virtio[0]);
	c2 = virtio_mmio_access_count();
	vmio_printf("COUNT window %lu\nCOUNT empty_slot %lu\nCOUNT slots %u\n"
		    "COUNT devices %d\n", (unsigned long)(c1 - c0),
		    (unsigned long)(c2 - c1), bi->nvirtio, n);
	return n == 1 && virtio_blk_count() == 1 ? 0 : 1;
}

/*
 * Wait until at most `left` requests are in flight: polling, or asleep
 * in WFI between interrupts (checked with IRQs masked, so that the
 * completion cannot slip in between the check and the WFI). A sleeping
 * vCPU leaves the host CPU to QEMU's I/O thread.
 */
static void wait_inflight(struct virtio_blk *b, unsigned int left, bool polled)
{
	unsigned long flags;

	if (polled) {
		while (virtio_blk_inflight(b) > left)
			virtio_blk_poll(b);
		return;
	}
	flags = board_irq_save();
	while (virtio_blk_inflight(b) > left) {
		board_wait_for_irq();
		board_irq_restore(flags);
		flags = board_irq_save();
	}
	board_irq_restore(flags);
}

static int read_async(struct virtio_blk *b, uint32_t req, uint64_t total,
		      bool polled, unsigned int *reqs)
{
	uint64_t off = 0;
	uint32_t n;

	virtio_blk_set_polled(b, polled);
	while (off < total) {
		wait_inflight(b, VIRTIO_BLK_SLOTS / 4, polled);
		while (off < total && virtio_blk_inflight(b) < VIRTIO_BLK_SLOTS) {
			n = total - off < req ? (uint32_t)(total - off) : req;
			if (virtio_blk_queue(b, VIRTIO_BLK_T_IN, off / 512, buf + off, n,
					     on_done, NULL))
				return 1;
			off += n;
			(*reqs)++;
		}
		virtio_blk_kick(b);
	}
	wait_inflight(b, 0, polled);
	return 0;
}

static int read_sync(struct virtio_blk *b, uint32_t req, uint64_t total,
		     unsigned int *reqs)
{
	uint32_t max = virtio_blk_get_info(b)->max_req;
	uint64_t off;
	uint32_t n;

	for (off = 0; off < total; off += n) {
		n = total - off < req ? (uint32_t)(total - off) : req;
		if (virtio_blk_read(b, off / 512, buf + off, n))
			return 1;
		*reqs += (n + max - 1) / max;
	}
	return 0;
}

static int bench_read(void)
{
	uint64_t total = arg_ul("total", 1u << 20);
	uint32_t req = (uint32_t)arg_ul("req", 0);
	unsigned int reqs = 0;
	struct virtio_blk *b;
	uint64_t t0, t1;
	uint32_t c0, c1;
	int ret;

	virtio_blk_register();
	if (virtio_probe_all() != 1 || !(b = virtio_blk_get(0)) || total > BENCH_MAX ||
	    total > virtio_blk_get_info(b)->capacity * 512 || total % 512 || req % 512)
		return 1;
	if (!req)
		req = virtio_blk_get_info(b)->max_req;
	if (arg_ul("sync", 0) && !arg_ul("req", 0))
		req = (uint32_t)total;
	/* Markers and counter read with IRQs masked: same window for both. */
	vmio_printf("#3\n");
	c0 = virtio_mmio_access_count();
	t0 = board_time_us();
	board_irq_unmask();
	if (arg_ul("sync", 0))
		ret = read_sync(b, req, total, &reqs);
	else
		ret = read_async(b, req, total, arg_ul("polled", 0), &reqs);
	board_irq_save();
	t1 = board_time_us();
	c1 = virtio_mmio_access_count();
	vmio_printf("#4\n");
	vmio_printf("COUNT window %lu\nUS %llu\nREQS %u\nERR %d\n",
		    (unsigned long)(c1 - c0), (unsigned long long)(t1 - t0),
		    reqs, ret ? -1 : done_err);
	return ret || done_err ? 1 : 0;
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
