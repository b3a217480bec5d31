// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the packed virtqueue (and its indirect tables)
 * against an untrusted device, the packed twin of fuzz_used_ring.c. The
 * input picks the queue size, EVENT_IDX and INDIRECT_DESC, then a script
 * of driver calls (add_sgs, get_buf, detach_unused, reinit_vring, kick,
 * callbacks on/off, poll) and device actions (a used entry at the
 * driver's used position or near it, with any id, length and wrap bits;
 * stray bytes anywhere in the ring or the indirect tables).
 *
 * A model kept beside the queue says what each call must do. Safety:
 * get_buf returns only a cookie in flight, once, with a length the chain
 * could hold, nothing once broken; ring slots, shadows and tables are
 * never lost or shared. Exactness: from the descriptor at the used
 * position (its AVAIL/USED bits against the lap, its id and length) the
 * model knows whether get_buf returns that cookie, nothing, or breaks the
 * queue with exactly one log line; add_sgs must go indirect exactly when
 * the rule says so. The driver calls and the layout-free checks are
 * ring_fuzz_common.c's, shared with fuzz_used_ring.c; this file is the
 * packed layout.
 *
 *   make O=/tmp/fz /tmp/fz/fuzz/fuzz_packed_ring && /tmp/fz/fuzz/fuzz_packed_ring
 */
#include <string.h>

#include "vmio/byteorder.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "tests/fuzz/fuzz_stubs.h"
#include "tests/fuzz/ring_fuzz_common.h"

#define IND_COUNT	2
#define IND_SIZE	6

VIRTQ_DEFINE_INDIRECT(fvq, FQ_MAX, IND_COUNT, IND_SIZE);

/* The packed layout's side of the model. */
static struct {
	uint16_t used, avail;	/* free-running slot indices */
} m;

/* Script bytes to steps (the order fixes what a saved input means). */
static const uint8_t steps[] = {
	RF_ADD, RF_ADD, RF_GET, RF_GET, RF_DEV_USED, RF_DEV_USED2, RF_DEV_SCRIBBLE,
	RF_DETACH_ONE, RF_DETACH_ALL, RF_REINIT, RF_KICK, RF_DISABLE_CB,
	RF_ENABLE_CB, RF_POLL, RF_POLL_WAIT,
};

static bool lap_wrap(const struct virtqueue *vq, uint16_t idx)
{
	return !((idx / vq->num) & 1);
}

bool ring_add_indirect(struct virtqueue *vq, unsigned int total, unsigned int nfree)
{
	(void)vq;
	return (rf_dev.features >> VIRTIO_F_INDIRECT_DESC & 1) && rf.ind_in_flight < IND_COUNT &&
	       nfree && total > 1 && total <= IND_SIZE &&
	       (total >= VIRTQ_INDIRECT_MIN_SEGS || total > nfree);
}

uint16_t ring_posted(struct virtqueue *vq, bool indirect, unsigned int slots)
{
	const struct vring_packed_desc *d = &vq->pdesc[m.avail % vq->num];
	uint16_t f = le16_to_cpu(d->flags);
	bool w = lap_wrap(vq, m.avail);

	/* The head is handed over with this lap's AVAIL/USED pattern. */
	if (!(f & VRING_PACKED_DESC_F_AVAIL) != !w || !(f & VRING_PACKED_DESC_F_USED) != w)
		fuzz_bug();
	if (!!(f & VRING_DESC_F_INDIRECT) != indirect)
		fuzz_bug();
	m.avail = (uint16_t)(m.avail + slots);
	return le16_to_cpu(d->id);
}

/* What the descriptor at the used position means: 0 pending, 1 used, 2 bad. */
static int slot_state(struct virtqueue *vq)
{
	uint16_t f = le16_to_cpu(vq->pdesc[m.used % vq->num].flags);
	bool w = lap_wrap(vq, m.used);
	bool a = f & VRING_PACKED_DESC_F_AVAIL, u = f & VRING_PACKED_DESC_F_USED;

	if (a == w && u == w)
		return 1;
	if (!rf.in_flight_slots || (a == w && u != w))
		return 0;
	return 2;
}

struct rf_tok *ring_get_expect(struct virtqueue *vq, bool *breaks, uint32_t *ulen)
{
	const struct vring_packed_desc *d = &vq->pdesc[m.used % vq->num];
	struct rf_tok *want;
	int st = slot_state(vq);

	*ulen = le32_to_cpu(d->len);
	if (!st)
		return NULL;
	if (st == 2 || !rf.in_flight_slots) {
		*breaks = true;
		return NULL;
	}
	want = rf_in_flight_head(le16_to_cpu(d->id));
	if (!want || *ulen > want->offered) {
		*breaks = true;
		return NULL;
	}
	return want;
}

void ring_consumed(struct rf_tok *t)
{
	m.used = (uint16_t)(m.used + t->slots);
}

bool ring_pending(struct virtqueue *vq)
{
	return rf.broken || slot_state(vq) != 0;
}

/* Wrap counters, descriptors and both event structures start over. */
void ring_reinit(struct virtqueue *vq)
{
	unsigned int k;

	m.used = m.avail = 0;
	for (k = 0; k < VRING_PACKED_SIZE(vq->num); k++)
		if (vq->ring[k])
			fuzz_bug();
}

FUZZ_ORACLE void ring_check(struct virtqueue *vq)
{
	if (vq->last_used != m.used || vq->avail_idx != m.avail)
		fuzz_bug();
	if (vq->ind->num_free != IND_COUNT - rf.ind_in_flight)
		fuzz_bug();
}

/* A used entry at the used position (or just past it), mostly a good one. */
void ring_dev_used(struct virtqueue *vq, struct fuzz_in *in, bool at_used)
{
	uint8_t mode = fuzz_u8(in);
	uint16_t idx = at_used ? m.used : (uint16_t)(m.used + 1 + fuzz_u8(in) % vq->num);
	struct vring_packed_desc *d = &vq->pdesc[idx % vq->num];
	struct rf_tok *t = rf_dev_pick(in, mode);
	uint16_t id, flags;
	uint32_t len;
	bool w = lap_wrap(vq, idx);

	if (t)
		id = t->head;
	else
		id = fuzz_u16(in) % (2 * vq->num);
	len = rf_dev_len(in, mode, t);
	/* Mostly this lap's used pattern; sometimes any bits at all. */
	if (mode & 0x20)
		flags = fuzz_u16(in);
	else
		flags = (uint16_t)((w ? VRING_PACKED_DESC_F_AVAIL | VRING_PACKED_DESC_F_USED : 0) |
				   (mode & 0x40 ? VRING_DESC_F_WRITE : 0));
	d->id = cpu_to_le16(id);
	d->len = cpu_to_le32(len);
	d->flags = cpu_to_le16(flags);
}

/* The device (or a stray DMA) may write anywhere in the ring or the tables. */
void ring_dev_scribble(struct virtqueue *vq, struct fuzz_in *in)
{
	uint32_t size = VRING_PACKED_SIZE(vq->num), tsize = IND_COUNT * IND_SIZE * 16;
	uint8_t *base = fuzz_u8(in) & 1 ? vq->ind->tables : vq->ring;
	uint32_t lim = base == vq->ring ? size : tsize;
	uint32_t off = fuzz_u16(in) % lim;
	unsigned int k, n = fuzz_u8(in) % 16;

	for (k = 0; k < n && off + k < lim; k++)
		base[off + k] = fuzz_u8(in);
}

/* Not in steps[]: the packed layout has no used idx to jump. */
void ring_dev_idx(struct virtqueue *vq, struct fuzz_in *in)
{
	(void)vq;
	(void)in;
	fuzz_bug();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size, 0 };
	struct virtqueue *vq = &fvq;
	unsigned int dev_max;

	rf_reset();
	memset(&m, 0, sizeof(m));
	dev_max = rf_init(vq, &in, 1ull << VIRTIO_F_RING_PACKED, true);
	if (!dev_max)
		return 0;
	if (!vq->packed || vq->num == 0 || vq->num > dev_max || vq->num > FQ_MAX)
		fuzz_bug();
	fuzz_dma_region(vq->ring, VRING_SIZE(vq->num));
	fuzz_dma_region(vq->ind->tables, IND_COUNT * IND_SIZE * 16);
	rf_run(vq, &in, steps, sizeof(steps));
	return 0;
}
