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
 * The checks are of two kinds. Safety: get_buf only returns a cookie in
 * flight, once, with a length the chain could hold, and nothing at all
 * once the queue is broken; descriptors are never lost or shared
 * (num_free + in flight == num, and the private shadow still describes
 * exactly the posted chains and a clean free list); detach_unused hands
 * back every request in flight exactly once. Exactness: the model also
 * says what get_buf must do with the used entry it will read (return
 * that cookie, return nothing, or break the queue with one log line), so
 * a check that rejects good completions is caught as well as one that
 * accepts bad ones.
 *
 *   make O=/tmp/fz /tmp/fz/fuzz/fuzz_used_ring && /tmp/fz/fuzz/fuzz_used_ring
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

#define FQ_MAX		16		/* storage; the device may offer less */
#define NTOK		(2 * FQ_MAX)	/* more cookies than can ever be in flight */
#define MAX_SEGS	4		/* per direction: chains longer than small queues */
#define POOL_SIZE	4096
#define MAX_STEPS	4096
#define NOBODY		0xff

VIRTQ_DEFINE(fvq, FQ_MAX);

/* One request the driver posted; its address is the cookie. */
struct tok {
	bool in_flight;
	uint16_t head;		/* as the device read it from the avail ring */
	uint16_t ndesc;
	uint64_t offered;	/* device-writable bytes of the chain */
};

static struct tok toks[NTOK];
static uint8_t pool[POOL_SIZE];		/* buffers: never touched by the ring code */
static struct virtio_device fdev;
static unsigned int notifies;

/* What the queue must look like, kept independently of it. */
static struct {
	unsigned int in_flight_desc;
	uint16_t last_used;	/* used entries consumed by get_buf */
	uint16_t dev_idx;	/* the device's own used idx */
	bool broken;
} m;

enum step {
	S_ADD, S_ADD2, S_GET, S_GET2, S_DEV_USED, S_DEV_USED2, S_DEV_IDX,
	S_DEV_SCRIBBLE, S_DETACH_ONE, S_DETACH_ALL, S_REINIT, S_KICK,
	S_DISABLE_CB, S_ENABLE_CB, S_POLL, S_POLL_WAIT,
	S_COUNT
};

/* The device's only transport op the ring code calls. */
static void fake_notify(struct virtqueue *vq)
{
	(void)vq;
	notifies++;
}

static const struct virtio_config_ops fake_ops = {
	.notify = fake_notify,
};

/* virtio.c is not linked: the ring code only needs FAILED to stick. */
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

static FUZZ_ORACLE struct tok *tok_of(void *cookie)
{
	uintptr_t c = (uintptr_t)cookie, base = (uintptr_t)toks;

	/* A cookie must be exactly one we handed out, not any pointer. */
	if (c < base || c >= base + sizeof(toks) || (c - base) % sizeof(toks[0]))
		fuzz_bug();
	return (struct tok *)cookie;
}

static FUZZ_ORACLE unsigned int count_in_flight(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < NTOK; i++)
		n += toks[i].in_flight;
	return n;
}

/* The nth request in flight (n below count_in_flight()). */
static FUZZ_ORACLE struct tok *nth_in_flight(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < NTOK; i++)
		if (toks[i].in_flight && !n--)
			return &toks[i];
	fuzz_bug();
}

static FUZZ_ORACLE struct tok *in_flight_head(uint32_t id)
{
	unsigned int i;

	for (i = 0; i < NTOK; i++)
		if (toks[i].in_flight && toks[i].head == id)
			return &toks[i];
	return NULL;
}

static FUZZ_ORACLE void retire(struct tok *t)
{
	if (!t->in_flight)
		fuzz_bug();	/* handed back twice */
	t->in_flight = false;
	m.in_flight_desc -= t->ndesc;
}

/*
 * The private shadow is the only truth the ring code has, so check it
 * directly: every chain in flight is intact and owns its descriptors
 * alone, the free list covers exactly the rest, and a cookie sits only on
 * the head of a chain in flight.
 */
static FUZZ_ORACLE void check_shadow(struct virtqueue *vq)
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
		for (k = 0; k < toks[t].ndesc; k++) {
			const struct vq_desc_state *st;

			if (i >= n || owner[i] != NOBODY)
				fuzz_bug();
			owner[i] = (uint8_t)t;
			st = &vq->state[i];
			if (st->flags & VRING_DESC_F_WRITE)
				sum += st->len;
			if (!!(st->flags & VRING_DESC_F_NEXT) != (k + 1 < toks[t].ndesc))
				fuzz_bug();
			i = st->next;
		}
		if (sum != toks[t].offered)
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
			fuzz_bug();	/* a descriptor nobody owns: leaked */
		if (owner[k] == NTOK || toks[owner[k]].head != k) {
			if (vq->state[k].cookie)
				fuzz_bug();
		}
	}
}

static FUZZ_ORACLE void check_invariants(struct virtqueue *vq)
{
	if (vq->num_free > vq->num || m.in_flight_desc + vq->num_free != vq->num)
		fuzz_bug();
	if (vq->last_used != m.last_used || vq->broken != m.broken)
		fuzz_bug();
	if (vq->broken && !fdev.failed)
		fuzz_bug();
	check_shadow(vq);
}

static uint32_t seg_len(struct fuzz_in *in)
{
	uint8_t b = fuzz_u8(in);

	/* Mostly small; now and then huge, so that offers near 2^32 occur. */
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
	unsigned int nout, nin, k, t, total;
	uint8_t shape = fuzz_u8(in);
	struct tok *tok = NULL;
	void *cookie;
	uint16_t aidx;
	int ret, want;

	nout = shape % (MAX_SEGS + 1);
	nin = (shape >> 3) % (MAX_SEGS + 1);
	total = nout + nin;
	for (k = 0; k < nout + nin; k++) {
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
		fuzz_bug();	/* more requests in flight than descriptors */
	cookie = (shape & 0xc0) == 0xc0 ? NULL : tok;

	if (m.broken)
		want = -EIO;
	else if (!cookie || !total || !in_aligned(inb, nin))
		want = -EINVAL;
	else if (total > vq->num_free)
		want = -ENOSPC;
	else
		want = 0;
	ret = virtqueue_add_sgs(vq, out, nout, inb, nin, cookie);
	if (ret != want)
		fuzz_bug();
	if (ret)
		return;

	/* The device learns the head from the avail ring, as a real one does. */
	aidx = le16_to_cpu(vq->avail->idx);
	tok->head = le16_to_cpu(vq->avail->ring[(uint16_t)(aidx - 1) & (vq->num - 1)]);
	tok->in_flight = true;
	tok->ndesc = (uint16_t)total;
	tok->offered = 0;
	for (k = 0; k < nin; k++)
		tok->offered += inb[k].len;
	m.in_flight_desc += total;
}

static void step_get(struct virtqueue *vq)
{
	unsigned int logs = fuzz_log_lines();
	uint16_t idx = le16_to_cpu(vq->used->idx);
	uint16_t ahead = (uint16_t)(idx - m.last_used);
	struct tok *want = NULL, *got;
	bool breaks = false;
	uint32_t len = 0xdeadbeef, id = 0, ulen = 0;
	void *cookie;

	/* What must happen, from the used entry the driver is about to read. */
	if (!m.broken && ahead) {
		if (ahead > vq->num) {
			breaks = true;
		} else {
			const struct vring_used_elem *e =
				&vq->used->ring[m.last_used & (vq->num - 1)];

			id = le32_to_cpu(e->id);
			ulen = le32_to_cpu(e->len);
			want = id < vq->num ? in_flight_head(id) : NULL;
			if (!want || ulen > want->offered) {
				want = NULL;
				breaks = true;
			}
		}
	}

	cookie = virtqueue_get_buf(vq, &len);

	/* Safety first: these hold whatever the exact expectation says. */
	if (cookie) {
		got = tok_of(cookie);
		if (m.broken || !got->in_flight || len > got->offered)
			fuzz_bug();
	}
	/* Exactness: the right cookie, the device's length, one log line per break. */
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
	m.last_used++;
	retire(tok_of(cookie));
}

/* A used entry, mostly naming something in flight so the good path is fuzzed too. */
static void step_dev_used(struct virtqueue *vq, struct fuzz_in *in, bool publish)
{
	uint8_t mode = fuzz_u8(in);
	unsigned int n = count_in_flight();
	struct vring_used_elem *e;
	struct tok *t = NULL;
	uint32_t id, len;

	if ((mode & 3) && n) {
		t = nth_in_flight(fuzz_u8(in) % n);
		id = t->head;
	} else if (mode & 4) {
		id = fuzz_u32(in);
	} else {
		id = fuzz_u8(in) % (2 * vq->num);
	}
	if (t && (mode & 0x10)) {
		/* The edge: one byte short of, exactly, or one past the offer. */
		uint64_t l = t->offered + fuzz_u8(in) % 3;

		len = l ? (uint32_t)(l - 1 > 0xffffffffu ? 0xffffffffu : l - 1) : 0;
	} else if (t && !(mode & 8)) {
		len = (uint32_t)(fuzz_u32(in) % (t->offered + 1));
	} else {
		len = fuzz_u32(in);
	}
	e = &vq->used->ring[m.dev_idx & (vq->num - 1)];
	e->id = cpu_to_le32(id);
	e->len = cpu_to_le32(len);
	m.dev_idx++;
	/* Unpublished entries go out with a later one, or a later idx step. */
	if (publish)
		vq->used->idx = cpu_to_le16(m.dev_idx);
}

static void step_dev_idx(struct virtqueue *vq, struct fuzz_in *in)
{
	uint8_t mode = fuzz_u8(in);

	if (mode & 1)
		m.dev_idx = fuzz_u16(in);			/* anywhere */
	else
		m.dev_idx = (uint16_t)(m.dev_idx + (int8_t)fuzz_u8(in));	/* near */
	vq->used->idx = cpu_to_le16(m.dev_idx);
}

/* The device (or a stray DMA) may write anywhere in the ring memory. */
static void step_dev_scribble(struct virtqueue *vq, struct fuzz_in *in)
{
	uint32_t size = VRING_SIZE(vq->num);
	uint32_t off = fuzz_u16(in) % size;
	unsigned int k, n = fuzz_u8(in) % 16;

	for (k = 0; k < n && off + k < size; k++)
		vq->ring[off + k] = fuzz_u8(in);
}

static void step_detach(struct virtqueue *vq, bool all)
{
	unsigned int k, n = count_in_flight();
	void *cookie;

	for (k = 0; k <= n; k++) {
		cookie = virtqueue_detach_unused(vq);
		if (!cookie) {
			if (k != n && all)
				fuzz_bug();	/* one still in flight was not handed back */
			if (!all && n)
				fuzz_bug();
			break;
		}
		if (k == n)
			fuzz_bug();		/* more handed back than were in flight */
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

	if (ret != (m.in_flight_desc ? -EBUSY : 0))
		fuzz_bug();
	if (ret)
		return;
	/* A fresh ring: the device starts over too. */
	m.last_used = 0;
	m.dev_idx = 0;
	m.broken = false;
	if (vq->used->idx || vq->avail->idx)
		fuzz_bug();
}

static void step_kick(struct virtqueue *vq)
{
	unsigned int before = notifies;
	bool kicked = virtqueue_kick(vq);

	if (notifies - before != (kicked ? 1u : 0u) || (kicked && m.broken))
		fuzz_bug();
}

static void step_poll(struct virtqueue *vq, struct fuzz_in *in, bool wait)
{
	bool pending = m.broken || le16_to_cpu(vq->used->idx) != m.last_used;
	int ret;

	if (!wait) {
		if (virtqueue_poll(vq) != pending)
			fuzz_bug();
		return;
	}
	ret = virtqueue_poll_wait(vq, fuzz_u8(in) * 100u);
	if (ret != (m.broken ? -EIO : pending ? 0 : -ETIMEDOUT))
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

	dev_max = fuzz_u8(&in) % (2 * FQ_MAX);	/* 0 (no queue) to beyond the storage */
	feat = fuzz_u8(&in);
	if (feat & 1)
		fdev.features |= 1ull << VIRTIO_F_EVENT_IDX;
	ret = virtqueue_init(vq, &fdev, 0, dev_max);
	if (ret != (dev_max ? 0 : -ENOENT))
		fuzz_bug();
	if (ret)
		return 0;
	if (vq->num == 0 || vq->num > dev_max || vq->num > FQ_MAX ||
	    (vq->num & (vq->num - 1)))
		fuzz_bug();
	fuzz_dma_region(vq->ring, VRING_SIZE(vq->num));
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
		case S_DEV_IDX:
			step_dev_idx(vq, &in);
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
			if (virtqueue_enable_cb(vq) !=
			    !(m.broken || le16_to_cpu(vq->used->idx) != m.last_used))
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
	/* Whatever the device did, the driver can always take everything back. */
	step_detach(vq, true);
	check_invariants(vq);
	return 0;
}
