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
 * the rule says so.
 *
 *   make O=/tmp/fz /tmp/fz/fuzz/fuzz_packed_ring && /tmp/fz/fuzz/fuzz_packed_ring
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmio/byteorder.h"
#include "board/board.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "tests/fuzz/fuzz_stubs.h"

#define FQ_MAX		16
#define NTOK		(2 * FQ_MAX)
#define MAX_SEGS	4
#define IND_COUNT	2
#define IND_SIZE	6
#define POOL_SIZE	4096
#define MAX_STEPS	4096
#define NOBODY		0xff

VIRTQ_DEFINE_INDIRECT(fvq, FQ_MAX, IND_COUNT, IND_SIZE);

struct tok {
	bool in_flight;
	bool indirect;
	uint16_t head;		/* buffer id, as the device read it */
	uint16_t slots;		/* ring slots (= shadows) it holds */
	uint64_t offered;
};

static struct tok toks[NTOK];
static uint8_t pool[POOL_SIZE];
static struct virtio_device fdev;
static unsigned int notifies;

static struct {
	unsigned int in_flight_slots, ind_in_flight;
	uint16_t used, avail;	/* free-running slot indices */
	bool broken;
} m;

enum step {
	S_ADD, S_ADD2, S_GET, S_GET2, S_DEV_USED, S_DEV_USED2, S_DEV_SCRIBBLE,
	S_DETACH_ONE, S_DETACH_ALL, S_REINIT, S_KICK, S_DISABLE_CB,
	S_ENABLE_CB, S_POLL, S_POLL_WAIT,
	S_COUNT
};

static void fake_notify(struct virtqueue *vq)
{
	(void)vq;
	notifies++;
}

static const struct virtio_config_ops fake_ops = {
	.notify = fake_notify,
};

void virtio_mark_failed(struct virtio_device *dev)
{
	dev->failed = true;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_stubs_reset();
	return 0;
}

static struct tok *tok_of(void *cookie)
{
	uintptr_t c = (uintptr_t)cookie, base = (uintptr_t)toks;

	if (c < base || c >= base + sizeof(toks) || (c - base) % sizeof(toks[0]))
		fuzz_bug();
	return (struct tok *)cookie;
}

static unsigned int count_in_flight(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < NTOK; i++)
		n += toks[i].in_flight;
	return n;
}

static struct tok *nth_in_flight(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < NTOK; i++)
		if (toks[i].in_flight && !n--)
			return &toks[i];
	fuzz_bug();
}

static struct tok *in_flight_head(uint32_t id)
{
	unsigned int i;

	for (i = 0; i < NTOK; i++)
		if (toks[i].in_flight && toks[i].head == id)
			return &toks[i];
	return NULL;
}

static void retire(struct tok *t)
{
	if (!t->in_flight)
		fuzz_bug();
	t->in_flight = false;
	m.in_flight_slots -= t->slots;
	m.ind_in_flight -= t->indirect;
}

static bool lap_wrap(const struct virtqueue *vq, uint16_t idx)
{
	return !((idx / vq->num) & 1);
}

/* Shadow chains intact and owned once, free list exactly the rest. */
static void check_shadow(struct virtqueue *vq)
{
	uint8_t owner[FQ_MAX];
	unsigned int t, k, n = vq->num;
	uint16_t i;

	memset(owner, NOBODY, sizeof(owner));
	for (t = 0; t < NTOK; t++) {
		uint64_t sum = 0;

		if (!toks[t].in_flight)
			continue;
		if (toks[t].head >= n || vq->state[toks[t].head].cookie != &toks[t])
			fuzz_bug();
		i = toks[t].head;
		for (k = 0; k < toks[t].slots; k++) {
			const struct vq_desc_state *st;

			if (i >= n || owner[i] != NOBODY)
				fuzz_bug();
			owner[i] = (uint8_t)t;
			st = &vq->state[i];
			if (!!(st->flags & VRING_DESC_F_INDIRECT) != toks[t].indirect)
				fuzz_bug();
			if (st->flags & VRING_DESC_F_WRITE)
				sum += st->len;
			if (!!(st->flags & VRING_DESC_F_NEXT) != (k + 1 < toks[t].slots))
				fuzz_bug();
			i = st->next;
		}
		if (!toks[t].indirect && sum != toks[t].offered)
			fuzz_bug();
	}
	i = vq->free_head;
	for (k = 0; k < vq->num_free; k++) {
		if (i >= n || owner[i] != NOBODY)
			fuzz_bug();
		owner[i] = NTOK;
		i = vq->state[i].next;
	}
	for (k = 0; k < n; k++) {
		if (owner[k] == NOBODY)
			fuzz_bug();
		if ((owner[k] == NTOK || toks[owner[k]].head != k) && vq->state[k].cookie)
			fuzz_bug();
	}
}

static void check_invariants(struct virtqueue *vq)
{
	if (vq->num_free > vq->num || m.in_flight_slots + vq->num_free != vq->num)
		fuzz_bug();
	if (vq->last_used != m.used || vq->avail_idx != m.avail || vq->broken != m.broken)
		fuzz_bug();
	if (vq->broken && !fdev.failed)
		fuzz_bug();
	if (vq->ind->num_free != IND_COUNT - m.ind_in_flight)
		fuzz_bug();
	check_shadow(vq);
}

static uint32_t seg_len(struct fuzz_in *in)
{
	uint8_t b = fuzz_u8(in);

	if (b >= 0xf0)
		return 0xffffffffu - (b & 0xf);
	if (b >= 0xe0)
		return fuzz_u32(in);
	return b;
}


/* The DMA contract: every device-writable segment starts on a cache line. */
static bool in_aligned(const struct virtio_sg *sg, unsigned int n)
{
	while (n--)
		if ((uintptr_t)sg[n].addr & (BOARD_DMA_ALIGN - 1))
			return false;
	return true;
}
static void step_add(struct virtqueue *vq, struct fuzz_in *in)
{
	struct virtio_sg out[MAX_SEGS], inb[MAX_SEGS];
	unsigned int nout, nin, k, t, total, nfree = vq->num - m.in_flight_slots;
	uint8_t shape = fuzz_u8(in);
	struct tok *tok = NULL;
	bool ind;
	void *cookie;
	int ret, want;

	nout = shape % (MAX_SEGS + 1);
	nin = (shape >> 3) % (MAX_SEGS + 1);
	total = nout + nin;
	for (k = 0; k < total; k++) {
		struct virtio_sg *sg = k < nout ? &out[k] : &inb[k - nout];

		sg->addr = &pool[fuzz_u16(in) % POOL_SIZE];
		sg->len = seg_len(in);
	}
	for (t = 0; t < NTOK; t++)
		if (!toks[t].in_flight) {
			tok = &toks[t];
			break;
		}
	if (!tok)
		fuzz_bug();
	cookie = (shape & 0xc0) == 0xc0 ? NULL : tok;
	ind = (fdev.features >> VIRTIO_F_INDIRECT_DESC & 1) && m.ind_in_flight < IND_COUNT &&
	      nfree && total > 1 && total <= IND_SIZE &&
	      (total >= VIRTQ_INDIRECT_MIN_SEGS || total > nfree);
	if (m.broken)
		want = -EIO;
	else if (!cookie || !total || !in_aligned(inb, nin))
		want = -EINVAL;
	else if (!ind && total > nfree)
		want = -ENOSPC;
	else
		want = 0;
	ret = virtqueue_add_sgs(vq, out, nout, inb, nin, cookie);
	if (ret != want)
		fuzz_bug();
	if (ret)
		return;
	{
		const struct vring_packed_desc *d = &vq->pdesc[m.avail % vq->num];
		uint16_t f = le16_to_cpu(d->flags);
		bool w = lap_wrap(vq, m.avail);

		/* The head is handed over with this lap's AVAIL/USED pattern. */
		if (!(f & VRING_PACKED_DESC_F_AVAIL) != !w || !(f & VRING_PACKED_DESC_F_USED) != w)
			fuzz_bug();
		if (!!(f & VRING_DESC_F_INDIRECT) != ind)
			fuzz_bug();
		tok->head = le16_to_cpu(d->id);
	}
	tok->in_flight = true;
	tok->indirect = ind;
	tok->slots = (uint16_t)(ind ? 1 : total);
	tok->offered = 0;
	for (k = 0; k < nin; k++)
		tok->offered += inb[k].len;
	m.in_flight_slots += tok->slots;
	m.ind_in_flight += ind;
	m.avail = (uint16_t)(m.avail + tok->slots);
}

/* What the descriptor at the used position means: 0 pending, 1 used, 2 bad. */
static int slot_state(struct virtqueue *vq)
{
	uint16_t f = le16_to_cpu(vq->pdesc[m.used % vq->num].flags);
	bool w = lap_wrap(vq, m.used);
	bool a = f & VRING_PACKED_DESC_F_AVAIL, u = f & VRING_PACKED_DESC_F_USED;

	if (a == w && u == w)
		return 1;
	if (!m.in_flight_slots || (a == w && u != w))
		return 0;
	return 2;
}

static void step_get(struct virtqueue *vq)
{
	unsigned int logs = fuzz_log_lines();
	const struct vring_packed_desc *d = &vq->pdesc[m.used % vq->num];
	struct tok *want = NULL, *got;
	bool breaks = false;
	uint32_t len = 0xdeadbeef, ulen = le32_to_cpu(d->len);
	void *cookie;
	int st = slot_state(vq);

	if (!m.broken && st == 2) {
		breaks = true;
	} else if (!m.broken && st == 1) {
		if (!m.in_flight_slots) {
			breaks = true;
		} else {
			want = in_flight_head(le16_to_cpu(d->id));
			if (!want || ulen > want->offered) {
				want = NULL;
				breaks = true;
			}
		}
	}
	cookie = virtqueue_get_buf(vq, &len);
	if (cookie) {
		got = tok_of(cookie);
		if (m.broken || !got->in_flight || len > got->offered)
			fuzz_bug();
	}
	if (cookie != want || vq->broken != (m.broken || breaks))
		fuzz_bug();
	if (fuzz_log_lines() - logs != (breaks ? 1u : 0u))
		fuzz_bug();
	if (breaks)
		m.broken = true;
	if (!cookie)
		return;
	if (len != ulen)
		fuzz_bug();
	m.used = (uint16_t)(m.used + want->slots);
	retire(want);
}

/* A used entry at the used position (or just past it), mostly a good one. */
static void step_dev_used(struct virtqueue *vq, struct fuzz_in *in, bool at_used)
{
	uint8_t mode = fuzz_u8(in);
	unsigned int n = count_in_flight();
	uint16_t idx = at_used ? m.used : (uint16_t)(m.used + 1 + fuzz_u8(in) % vq->num);
	struct vring_packed_desc *d = &vq->pdesc[idx % vq->num];
	struct tok *t = NULL;
	uint16_t id, flags;
	uint32_t len;
	bool w = lap_wrap(vq, idx);

	if ((mode & 3) && n) {
		t = nth_in_flight(fuzz_u8(in) % n);
		id = t->head;
	} else {
		id = fuzz_u16(in) % (2 * vq->num);
	}
	if (t && (mode & 0x10)) {
		uint64_t l = t->offered + fuzz_u8(in) % 3;

		len = l ? (uint32_t)(l - 1 > 0xffffffffu ? 0xffffffffu : l - 1) : 0;
	} else if (t && !(mode & 8)) {
		len = (uint32_t)(fuzz_u32(in) % (t->offered + 1));
	} else {
		len = fuzz_u32(in);
	}
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

static void step_dev_scribble(struct virtqueue *vq, struct fuzz_in *in)
{
	uint32_t size = VRING_PACKED_SIZE(vq->num), tsize = IND_COUNT * IND_SIZE * 16;
	uint8_t *base = fuzz_u8(in) & 1 ? vq->ind->tables : vq->ring;
	uint32_t lim = base == vq->ring ? size : tsize;
	uint32_t off = fuzz_u16(in) % lim;
	unsigned int k, n = fuzz_u8(in) % 16;

	for (k = 0; k < n && off + k < lim; k++)
		base[off + k] = fuzz_u8(in);
}

static void step_detach(struct virtqueue *vq, bool all)
{
	unsigned int k, n = count_in_flight();
	void *cookie;

	for (k = 0; k <= n; k++) {
		cookie = virtqueue_detach_unused(vq);
		if (!cookie) {
			if ((k != n && all) || (!all && n))
				fuzz_bug();
			break;
		}
		if (k == n)
			fuzz_bug();
		retire(tok_of(cookie));
		if (!all)
			break;
	}
	if (all && (count_in_flight() || vq->num_free != vq->num))
		fuzz_bug();
}

static void step_reinit(struct virtqueue *vq)
{
	int ret = virtqueue_reinit_vring(vq);
	unsigned int k;

	if (ret != (m.in_flight_slots ? -EBUSY : 0))
		fuzz_bug();
	if (ret)
		return;
	m.used = m.avail = 0;
	m.broken = false;
	/* Wrap counters, descriptors and both event structures start over. */
	for (k = 0; k < VRING_PACKED_SIZE(vq->num); k++)
		if (vq->ring[k])
			fuzz_bug();
}

static void step_kick(struct virtqueue *vq)
{
	unsigned int before = notifies;
	bool kicked = virtqueue_kick(vq);

	if (notifies - before != (kicked ? 1u : 0u) || (kicked && m.broken))
		fuzz_bug();
}

static bool pending(struct virtqueue *vq)
{
	return m.broken || slot_state(vq) != 0;
}

static void step_poll(struct virtqueue *vq, struct fuzz_in *in, bool wait)
{
	bool p = pending(vq);
	int ret;

	if (!wait) {
		if (virtqueue_poll(vq) != p)
			fuzz_bug();
		return;
	}
	ret = virtqueue_poll_wait(vq, fuzz_u8(in) * 100u);
	if (ret != (m.broken ? -EIO : p ? 0 : -ETIMEDOUT))
		fuzz_bug();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size, 0 };
	struct virtqueue *vq = &fvq;
	unsigned int steps = 0, dev_max;
	uint8_t feat;
	int ret;

	fuzz_stubs_reset();
	memset(toks, 0, sizeof(toks));
	memset(&m, 0, sizeof(m));
	memset(&fdev, 0, sizeof(fdev));
	notifies = 0;
	fdev.config = &fake_ops;
	fdev.features = 1ull << VIRTIO_F_RING_PACKED;

	dev_max = fuzz_u8(&in) % (2 * FQ_MAX);
	feat = fuzz_u8(&in);
	if (feat & 1)
		fdev.features |= 1ull << VIRTIO_F_EVENT_IDX;
	if (feat & 2)
		fdev.features |= 1ull << VIRTIO_F_INDIRECT_DESC;
	ret = virtqueue_init(vq, &fdev, 0, dev_max);
	if (ret != (dev_max ? 0 : -ENOENT))
		fuzz_bug();
	if (ret)
		return 0;
	if (!vq->packed || vq->num == 0 || vq->num > dev_max || vq->num > FQ_MAX)
		fuzz_bug();
	fuzz_dma_region(vq->ring, VRING_SIZE(vq->num));
	fuzz_dma_region(vq->ind->tables, IND_COUNT * IND_SIZE * 16);
	check_invariants(vq);

	while (fuzz_more(&in) && steps++ < MAX_STEPS) {
		switch (fuzz_u8(&in) % S_COUNT) {
		case S_ADD:
		case S_ADD2:
			step_add(vq, &in);
			break;
		case S_GET:
		case S_GET2:
			step_get(vq);
			break;
		case S_DEV_USED:
			step_dev_used(vq, &in, true);
			break;
		case S_DEV_USED2:
			step_dev_used(vq, &in, false);
			break;
		case S_DEV_SCRIBBLE:
			step_dev_scribble(vq, &in);
			break;
		case S_DETACH_ONE:
			step_detach(vq, false);
			break;
		case S_DETACH_ALL:
			step_detach(vq, true);
			break;
		case S_REINIT:
			step_reinit(vq);
			break;
		case S_KICK:
			step_kick(vq);
			break;
		case S_DISABLE_CB:
			virtqueue_disable_cb(vq);
			break;
		case S_ENABLE_CB:
			if (virtqueue_enable_cb(vq) != !pending(vq))
				fuzz_bug();
			break;
		case S_POLL:
			step_poll(vq, &in, false);
			break;
		case S_POLL_WAIT:
			step_poll(vq, &in, true);
			break;
		}
		check_invariants(vq);
	}
	step_detach(vq, true);
	check_invariants(vq);
	return 0;
}
