// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the split virtqueue against an untrusted device
 * (DESIGN.md 5b). The input is a script: the first bytes pick the queue
 * size the device offers and whether EVENT_IDX is negotiated, then each
 * step is either a driver call (add_sgs, get_buf, detach_unused,
 * reinit_vring, kick, callbacks on/off, poll) or a device action (a used
 * entry with any id and length, a used idx jump, stray bytes anywhere in
 * the ring memory). A model of what was posted is kept beside the queue
 * and checked after every step; any violation abort()s so that libFuzzer
 * keeps the input.
 *
 * The driver calls, the requests and the layout-free checks (the private
 * shadow, no descriptor leaked or shared, every cookie back at most once,
 * exactly one log line per break) are ring_fuzz_common.c's, shared with
 * fuzz_packed_ring.c; this file is the split layout: the avail ring the
 * device reads heads from, the used ring and used idx it writes, and what
 * get_buf must make of them.
 *
 *   make O=/tmp/fz /tmp/fz/fuzz/fuzz_used_ring && /tmp/fz/fuzz/fuzz_used_ring
 */
#include <string.h>

#include "vmio/byteorder.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "tests/fuzz/fuzz_stubs.h"
#include "tests/fuzz/ring_fuzz_common.h"

VIRTQ_DEFINE(fvq, FQ_MAX);

/* The split layout's side of the model. */
static struct {
	uint16_t last_used;	/* used entries consumed by get_buf */
	uint16_t dev_idx;	/* the device's own used idx */
} m;

/* Script bytes to steps (the order fixes what a saved input means). */
static const uint8_t steps[] = {
	RF_ADD, RF_ADD, RF_GET, RF_GET, RF_DEV_USED, RF_DEV_USED2, RF_DEV_IDX,
	RF_DEV_SCRIBBLE, RF_DETACH_ONE, RF_DETACH_ALL, RF_REINIT, RF_KICK,
	RF_DISABLE_CB, RF_ENABLE_CB, RF_POLL, RF_POLL_WAIT,
};

/* No indirect tables here: a chain always takes one descriptor a segment. */
bool ring_add_indirect(struct virtqueue *vq, unsigned int total, unsigned int nfree)
{
	(void)vq;
	(void)total;
	(void)nfree;
	return false;
}

/* The device learns the head from the avail ring, as a real one does. */
uint16_t ring_posted(struct virtqueue *vq, bool indirect, unsigned int slots)
{
	uint16_t aidx = le16_to_cpu(vq->avail->idx);

	(void)indirect;
	(void)slots;
	return le16_to_cpu(vq->avail->ring[(uint16_t)(aidx - 1) & (vq->num - 1)]);
}

struct rf_tok *ring_get_expect(struct virtqueue *vq, bool *breaks, uint32_t *ulen)
{
	uint16_t ahead = (uint16_t)(le16_to_cpu(vq->used->idx) - m.last_used);
	const struct vring_used_elem *e;
	struct rf_tok *want;
	uint32_t id;

	if (!ahead)
		return NULL;
	if (ahead > vq->num) {
		*breaks = true;
		return NULL;
	}
	e = &vq->used->ring[m.last_used & (vq->num - 1)];
	id = le32_to_cpu(e->id);
	*ulen = le32_to_cpu(e->len);
	want = id < vq->num ? rf_in_flight_head(id) : NULL;
	if (!want || *ulen > want->offered) {
		*breaks = true;
		return NULL;
	}
	return want;
}

void ring_consumed(struct rf_tok *t)
{
	(void)t;
	m.last_used++;
}

bool ring_pending(struct virtqueue *vq)
{
	return rf.broken || le16_to_cpu(vq->used->idx) != m.last_used;
}

/* A fresh ring: the device starts over too. */
void ring_reinit(struct virtqueue *vq)
{
	m.last_used = 0;
	m.dev_idx = 0;
	if (vq->used->idx || vq->avail->idx)
		fuzz_bug();
}

FUZZ_ORACLE void ring_check(struct virtqueue *vq)
{
	if (vq->last_used != m.last_used)
		fuzz_bug();
}

/* A used entry, mostly naming something in flight so the good path is fuzzed too. */
void ring_dev_used(struct virtqueue *vq, struct fuzz_in *in, bool publish)
{
	uint8_t mode = fuzz_u8(in);
	struct rf_tok *t = rf_dev_pick(in, mode);
	struct vring_used_elem *e;
	uint32_t id, len;

	if (t)
		id = t->head;
	else if (mode & 4)
		id = fuzz_u32(in);
	else
		id = fuzz_u8(in) % (2 * vq->num);
	len = rf_dev_len(in, mode, t);
	e = &vq->used->ring[m.dev_idx & (vq->num - 1)];
	e->id = cpu_to_le32(id);
	e->len = cpu_to_le32(len);
	m.dev_idx++;
	/* Unpublished entries go out with a later one, or a later idx step. */
	if (publish)
		vq->used->idx = cpu_to_le16(m.dev_idx);
}

void ring_dev_idx(struct virtqueue *vq, struct fuzz_in *in)
{
	uint8_t mode = fuzz_u8(in);

	if (mode & 1)
		m.dev_idx = fuzz_u16(in);			/* anywhere */
	else
		m.dev_idx = (uint16_t)(m.dev_idx + (int8_t)fuzz_u8(in));	/* near */
	vq->used->idx = cpu_to_le16(m.dev_idx);
}

/* The device (or a stray DMA) may write anywhere in the ring memory. */
void ring_dev_scribble(struct virtqueue *vq, struct fuzz_in *in)
{
	uint32_t size = VRING_SIZE(vq->num);
	uint32_t off = fuzz_u16(in) % size;
	unsigned int k, n = fuzz_u8(in) % 16;

	for (k = 0; k < n && off + k < size; k++)
		vq->ring[off + k] = fuzz_u8(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size, 0 };
	struct virtqueue *vq = &fvq;
	unsigned int dev_max;

	rf_reset();
	memset(&m, 0, sizeof(m));
	dev_max = rf_init(vq, &in, 0, false);
	if (!dev_max)
		return 0;
	if (vq->num == 0 || vq->num > dev_max || vq->num > FQ_MAX ||
	    (vq->num & (vq->num - 1)))
		fuzz_bug();
	fuzz_dma_region(vq->ring, VRING_SIZE(vq->num));
	rf_run(vq, &in, steps, sizeof(steps));
	return 0;
}
