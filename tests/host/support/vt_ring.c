// SPDX-License-Identifier: MIT
/* Checks shared by the split and packed virtqueue host tests; see vt_ring.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>

#include "board/board.h"
#include "vmio/byteorder.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtio_mmio_regs.h"
#include "virtio/virtqueue.h"
#include "tests/sim/sim.h"
#include "tests/host/support/host_board.h"
#include "tests/host/support/vt_ring.h"

void vt_rng_works(struct virtqueue *vq)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[32];
	struct virtio_sg in = { buf, sizeof(buf) };
	uint32_t got = 0;

	memset(buf, 0, sizeof(buf));
	assert_int_equal(virtqueue_add_sgs(vq, NULL, 0, &in, 1, buf), 0);
	virtqueue_kick(vq);
	assert_ptr_equal(virtqueue_get_buf(vq, &got), buf);
	assert_int_equal(got, sizeof(buf));
	assert_int_equal((uint8_t)(buf[5] - buf[4]), 1);
	assert_int_equal(vq->num_free, vq->num);
}

unsigned int vt_notifies(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < sim_log_len(); i++)
		n += sim_log_get(i)->off == VIRTIO_MMIO_QUEUE_NOTIFY;
	return n;
}

void vt_lying_device(struct virtqueue *vq, struct virtqueue *other, struct sim_dev *sd,
		     size_t knob, const char *what, unsigned int good_first)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t b0[8], b1[8];
	struct virtio_sg in0 = { b0, 8 }, in1 = { b1, 8 };
	struct virtio_device *dev = vq->vdev;
	unsigned int errs, detached = 0, i;
	uint32_t len;
	void *c;

	sd->f.defer = true;
	assert_int_equal(virtqueue_add_sgs(vq, NULL, 0, &in0, 1, b0), 0);
	assert_int_equal(virtqueue_add_sgs(vq, NULL, 0, &in1, 1, b1), 0);
	virtqueue_kick(vq);
	*(bool *)((char *)&sd->f + knob) = true;
	errs = vmio_log_errors();
	sim_process(sd, 0);
	for (i = 0; i < good_first; i++)
		assert_non_null(virtqueue_get_buf(vq, NULL));
	assert_null(virtqueue_get_buf(vq, &len));
	assert_true(virtqueue_is_broken(vq));
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), what));
	assert_true(dev->failed);
	assert_true(sd->status & VIRTIO_STATUS_FAILED);
	/* Further calls stay quiet and refuse work. */
	assert_null(virtqueue_get_buf(vq, &len));
	assert_int_equal(virtqueue_add_sgs(vq, NULL, 0, &in0, 1, b0), -EIO);
	assert_int_equal(virtqueue_poll_wait(vq, 10), -EIO);
	assert_int_equal(vmio_log_errors(), errs + 1);

	/* The other device never noticed. */
	assert_false(other->vdev->failed);
	vt_rng_works(other);

	/* Reinit refuses while requests are in flight, touching nothing. */
	sim_log_clear();
	assert_int_equal(virtio_device_reinit(dev), -EBUSY);
	assert_int_equal(sim_log_len(), 0);
	while ((c = virtqueue_detach_unused(vq))) {
		assert_true(c == b0 || c == b1);
		detached++;
	}
	assert_int_equal(detached + good_first, 2);
	assert_int_equal(vq->num_free, vq->num);
	assert_int_equal(virtio_device_reinit(dev), 0);
	virtio_device_ready(dev);
	assert_false(dev->failed);
	assert_false(virtqueue_is_broken(vq));
	sd->f.defer = false;
	vt_rng_works(vq);
	/* The whole free list is usable: fill the ring completely once. */
	{
		static __aligned(BOARD_DMA_ALIGN) uint8_t many[16][BOARD_DMA_ALIGN];
		struct virtio_sg s;

		assert_true(vq->num <= 16);
		sd->f.defer = true;
		for (i = 0; i < vq->num; i++) {
			s = (struct virtio_sg){ many[i], 2 };
			assert_int_equal(virtqueue_add_sgs(vq, NULL, 0, &s, 1, many[i]), 0);
		}
		virtqueue_kick(vq);
		sim_process(sd, 0);
		for (i = 0; i < vq->num; i++)
			assert_ptr_equal(virtqueue_get_buf(vq, NULL), many[i]);
	}
}

void vt_blk_roundtrip(struct virtqueue *vq, struct sim_dev *sd, uint64_t sector,
		      const unsigned int *callbacks)
{
	struct {
		uint32_t type, reserved;
		uint64_t sector;
	} hdr;
	__aligned(BOARD_DMA_ALIGN) uint8_t wbuf[1024], rbuf[1024], status = 0xff;
	struct virtio_sg out[2], in[3];
	uint32_t len = 0;
	unsigned int i;

	for (i = 0; i < sizeof(wbuf); i++)
		wbuf[i] = (uint8_t)(i * 7 + sector);
	hdr.type = cpu_to_le32(1);
	hdr.reserved = 0;
	hdr.sector = cpu_to_le64(sector);
	out[0] = (struct virtio_sg){ &hdr, sizeof(hdr) };
	out[1] = (struct virtio_sg){ wbuf, sizeof(wbuf) };
	in[0] = (struct virtio_sg){ &status, 1 };
	assert_int_equal(virtqueue_add_sgs(vq, out, 2, in, 1, &hdr), 0);
	assert_int_equal(vq->num_free, vq->num - 3);
	assert_true(virtqueue_kick(vq));
	/* Interrupt delivered synchronously: the callback ran. */
	assert_int_equal(*callbacks, 1);
	assert_ptr_equal(virtqueue_get_buf(vq, &len), &hdr);
	assert_int_equal(len, 1);
	assert_int_equal(status, 0);
	assert_memory_equal(sd->priv + sector * 512, wbuf, sizeof(wbuf));

	hdr.type = cpu_to_le32(0);
	memset(rbuf, 0, sizeof(rbuf));
	status = 0xff;
	in[0] = (struct virtio_sg){ rbuf, 512 };
	in[1] = (struct virtio_sg){ rbuf + 512, 512 };
	in[2] = (struct virtio_sg){ &status, 1 };
	assert_int_equal(virtqueue_add_sgs(vq, out, 1, in, 3, rbuf), 0);
	virtqueue_kick(vq);
	assert_ptr_equal(virtqueue_get_buf(vq, &len), rbuf);
	assert_int_equal(len, 1025);
	assert_int_equal(status, 0);
	assert_memory_equal(rbuf, wbuf, sizeof(rbuf));
	assert_null(virtqueue_get_buf(vq, &len));
	assert_int_equal(vq->num_free, vq->num);
}

void vt_assert_store_mb_load(const void *store, const void *load, size_t len)
{
	const char *lo = load, *hi = lo + len;
	const struct host_ring_event *e;
	unsigned int i, n = host_ring_trace_len(), stores = 0;
	bool seen = false, mb = false;

	for (i = 0; i < n; i++) {
		e = host_ring_trace_get(i);
		if (e->kind == 'C' && e->addr == store) {
			stores++;
			mb = false;
		} else if (e->kind == 'M') {
			mb = true;
		} else if (stores && e->kind == 'I' && (const char *)e->addr >= lo &&
			   (const char *)e->addr < hi) {
			seen = true;
			break;
		}
	}
	assert_int_equal(stores, 1);
	assert_true(seen);		/* the load after the store was seen */
	assert_true(mb);		/* ... with a full barrier in between */
}
