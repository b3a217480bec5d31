// SPDX-License-Identifier: MIT
/*
 * The layout-free half of the ring fuzz targets (ring_fuzz_common.h).
 * The checks are of two kinds. Safety: get_buf only returns a cookie in
 * flight, once, with a length the chain could hold, and nothing at all
 * once the queue is broken; descriptors are never lost or shared
 * (num_free + in flight == num, and the private shadow still describes
 * exactly the posted chains and a clean free list); detach_unused hands
 * back every request in flight exactly once. Exactness: the target's
 * model says what get_buf must do with the used entry it will read
 * (return that cookie, return nothing, or break the queue with one log
 * line), so a check that rejects good completions is caught as well as
 * one that accepts bad ones. Any violation abort()s so that libFuzzer
 * keeps the input.
 */
#include <errno.h>
#include <string.h>

#include "board/board.h"
#include "tests/fuzz/ring_fuzz_common.h"

#define NOBODY		0xff

struct rf_tok rf_toks[NTOK];
struct rf_model rf;
struct virtio_device rf_dev;
static uint8_t pool[POOL_SIZE];		/* buffers: never touched by the ring code */
static unsigned int notifies;

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

void rf_reset(void)
{
	fuzz_stubs_reset();
	memset(rf_toks, 0, sizeof(rf_toks));
	memset(&rf, 0, sizeof(rf));
	memset(&rf_dev, 0, sizeof(rf_dev));
	notifies = 0;
	rf_dev.config = &fake_ops;
}

FUZZ_ORACLE struct rf_tok *rf_tok_of(void *cookie)
{
	uintptr_t c = (uintptr_t)cookie, base = (uintptr_t)rf_toks;

	/* A cookie must be exactly one we handed out, not any pointer. */
	if (c < base || c >= base + sizeof(rf_toks) || (c - base) % sizeof(rf_toks[0]))
		fuzz_bug();
	return (struct rf_tok *)cookie;
}

static FUZZ_ORACLE unsigned int count_in_flight(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < NTOK; i++)
		n += rf_toks[i].in_flight;
	return n;
}

/* The nth request in flight (n below count_in_flight()). */
static FUZZ_ORACLE struct rf_tok *nth_in_flight(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < NTOK; i++)
		if (rf_toks[i].in_flight && !n--)
			return &rf_toks[i];
	fuzz_bug();
}

FUZZ_ORACLE struct rf_tok *rf_in_flight_head(uint32_t id)
{
	unsigned int i;

	for (i = 0; i < NTOK; i++)
		if (rf_toks[i].in_flight && rf_toks[i].head == id)
			return &rf_toks[i];
	return NULL;
}

static FUZZ_ORACLE void retire(struct rf_tok *t)
{
	if (!t->in_flight)
		fuzz_bug();	/* handed back twice */
	t->in_flight = false;
	rf.in_flight_slots -= t->slots;
	rf.ind_in_flight -= t->indirect;
}

/*
 * The private shadow is the only truth the ring code has, so check it
 * directly: every chain in flight is intact and owns its descriptors
 * alone (an indirect one is a single slot marked so), the free list
 * covers exactly the rest, and a cookie sits only on the head of a chain
 * in flight.
 */
static FUZZ_ORACLE void check_shadow(struct virtqueue *vq)
{
	uint8_t owner[FQ_MAX];
	unsigned int t, k, n = vq->num;
	uint16_t i;

	memset(owner, NOBODY, sizeof(owner));
	for (t = 0; t < NTOK; t++) {
		uint64_t sum = 0;

		if (!rf_toks[t].in_flight)
			continue;
		if (rf_toks[t].head >= n || vq->state[rf_toks[t].head].cookie != &rf_toks[t])
			fuzz_bug();
		i = rf_toks[t].head;
		for (k = 0; k < rf_toks[t].slots; k++) {
			const struct vq_desc_state *st;

			if (i >= n || owner[i] != NOBODY)
				fuzz_bug();
			owner[i] = (uint8_t)t;
			st = &vq->state[i];
			if (!!(st->flags & VRING_DESC_F_INDIRECT) != rf_toks[t].indirect)
				fuzz_bug();
			if (st->flags & VRING_DESC_F_WRITE)
				sum += st->len;
			if (!!(st->flags & VRING_DESC_F_NEXT) != (k + 1 < rf_toks[t].slots))
				fuzz_bug();
			i = st->next;
		}
		if (!rf_toks[t].indirect && sum != rf_toks[t].offered)
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
		if ((owner[k] == NTOK || rf_toks[owner[k]].head != k) && vq->state[k].cookie)
			fuzz_bug();
	}
}

static FUZZ_ORACLE void check_invariants(struct virtqueue *vq)
{
	if (vq->num_free > vq->num || rf.in_flight_slots + vq->num_free != vq->num)
		fuzz_bug();
	if (vq->broken != rf.broken)
		fuzz_bug();
	if (vq->broken && !rf_dev.failed)
		fuzz_bug();
	ring_check(vq);
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
	unsigned int nout, nin, k, t, total, nfree = vq->num - rf.in_flight_slots;
	uint8_t shape = fuzz_u8(in);
	struct rf_tok *tok = NULL;
	void *cookie;
	bool ind;
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
		if (!rf_toks[t].in_flight) {
			tok = &rf_toks[t];
			break;
		}
	if (!tok)
		fuzz_bug();	/* more requests in flight than descriptors */
	cookie = (shape & 0xc0) == 0xc0 ? NULL : tok;
	ind = ring_add_indirect(vq, total, nfree);

	if (rf.broken)
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

	tok->in_flight = true;
	tok->indirect = ind;
	tok->slots = (uint16_t)(ind ? 1 : total);
	tok->head = ring_posted(vq, ind, tok->slots);
	tok->offered = 0;
	for (k = 0; k < nin; k++)
		tok->offered += inb[k].len;
	rf.in_flight_slots += tok->slots;
	rf.ind_in_flight += ind;
}

static void step_get(struct virtqueue *vq)
{
	unsigned int logs = fuzz_log_lines();
	struct rf_tok *want = NULL, *got;
	bool breaks = false;
	uint32_t len = 0xdeadbeef, ulen = 0;
	void *cookie;

	/* What must happen, from the used entry the driver is about to read. */
	if (!rf.broken)
		want = ring_get_expect(vq, &breaks, &ulen);

	cookie = virtqueue_get_buf(vq, &len);

	/* Safety first: these hold whatever the exact expectation says. */
	if (cookie) {
		got = rf_tok_of(cookie);
		if (rf.broken || !got->in_flight || len > got->offered)
			fuzz_bug();
	}
	/* Exactness: the right cookie, the device's length, one log line per break. */
	if (cookie != want || vq->broken != (rf.broken || breaks))
		fuzz_bug();
	if (fuzz_log_lines() - logs != (breaks ? 1u : 0u))
		fuzz_bug();
	if (breaks)
		rf.broken = true;
	if (!cookie)
		return;
	if (len != ulen)
		fuzz_bug();
	ring_consumed(want);
	retire(want);
}

struct rf_tok *rf_dev_pick(struct fuzz_in *in, uint8_t mode)
{
	unsigned int n = count_in_flight();

	return (mode & 3) && n ? nth_in_flight(fuzz_u8(in) % n) : NULL;
}

uint32_t rf_dev_len(struct fuzz_in *in, uint8_t mode, const struct rf_tok *t)
{
	if (t && (mode & 0x10)) {
		/* The edge: one byte short of, exactly, or one past the offer. */
		uint64_t l = t->offered + fuzz_u8(in) % 3;

		return l ? (uint32_t)(l - 1 > 0xffffffffu ? 0xffffffffu : l - 1) : 0;
	}
	if (t && !(mode & 8))
		return (uint32_t)(fuzz_u32(in) % (t->offered + 1));
	return fuzz_u32(in);
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
		retire(rf_tok_of(cookie));
		if (!all)
			break;
	}
	if (all && (count_in_flight() || vq->num_free != vq->num))
		fuzz_bug();
}

static void step_reinit(struct virtqueue *vq)
{
	int ret = virtqueue_reinit_vring(vq);

	if (ret != (rf.in_flight_slots ? -EBUSY : 0))
		fuzz_bug();
	if (ret)
		return;
	rf.broken = false;
	ring_reinit(vq);
}

static void step_kick(struct virtqueue *vq)
{
	unsigned int before = notifies;
	bool kicked = virtqueue_kick(vq);

	if (notifies - before != (kicked ? 1u : 0u) || (kicked && rf.broken))
		fuzz_bug();
}

static void step_poll(struct virtqueue *vq, struct fuzz_in *in, bool wait)
{
	bool pending = ring_pending(vq);
	int ret;

	if (!wait) {
		if (virtqueue_poll(vq) != pending)
			fuzz_bug();
		return;
	}
	ret = virtqueue_poll_wait(vq, fuzz_u8(in) * 100u);
	if (ret != (rf.broken ? -EIO : pending ? 0 : -ETIMEDOUT))
		fuzz_bug();
}

static void step(struct virtqueue *vq, struct fuzz_in *in, enum rf_step s)
{
	switch (s) {
	case RF_ADD:
		step_add(vq, in);
		break;
	case RF_GET:
		step_get(vq);
		break;
	case RF_DEV_USED:
		ring_dev_used(vq, in, true);
		break;
	case RF_DEV_USED2:
		ring_dev_used(vq, in, false);
		break;
	case RF_DEV_IDX:
		ring_dev_idx(vq, in);
		break;
	case RF_DEV_SCRIBBLE:
		ring_dev_scribble(vq, in);
		break;
	case RF_DETACH_ONE:
		step_detach(vq, false);
		break;
	case RF_DETACH_ALL:
		step_detach(vq, true);
		break;
	case RF_REINIT:
		step_reinit(vq);
		break;
	case RF_KICK:
		step_kick(vq);
		break;
	case RF_DISABLE_CB:
		virtqueue_disable_cb(vq);
		break;
	case RF_ENABLE_CB:
		if (virtqueue_enable_cb(vq) != !ring_pending(vq))
			fuzz_bug();
		break;
	case RF_POLL:
		step_poll(vq, in, false);
		break;
	case RF_POLL_WAIT:
		step_poll(vq, in, true);
		break;
	}
}

unsigned int rf_init(struct virtqueue *vq, struct fuzz_in *in, uint64_t features,
		     bool offer_indirect)
{
	unsigned int dev_max = fuzz_u8(in) % (2 * FQ_MAX);
	uint8_t feat = fuzz_u8(in);
	int ret;

	rf_dev.features = features;
	if (feat & 1)
		rf_dev.features |= 1ull << VIRTIO_F_EVENT_IDX;
	if ((feat & 2) && offer_indirect)
		rf_dev.features |= 1ull << VIRTIO_F_INDIRECT_DESC;
	ret = virtqueue_init(vq, &rf_dev, 0, dev_max);
	if (ret != (dev_max ? 0 : -ENOENT))
		fuzz_bug();
	return ret ? 0 : dev_max;
}

void rf_run(struct virtqueue *vq, struct fuzz_in *in, const uint8_t *table, unsigned int n)
{
	unsigned int steps = 0;

	check_invariants(vq);
	while (fuzz_more(in) && steps++ < MAX_STEPS) {
		step(vq, in, (enum rf_step)table[fuzz_u8(in) % n]);
		check_invariants(vq);
	}
	/* Whatever the device did, the driver can always take everything back. */
	step_detach(vq, true);
	check_invariants(vq);
}
