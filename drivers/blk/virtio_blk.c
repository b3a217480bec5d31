// SPDX-License-Identifier: MIT
/*
 * virtio-blk driver (virtio 1.2, 5.2): one request queue, a fixed set of
 * request slots per device, each a descriptor chain of header, data
 * segments and status byte. Every request is checked before anything is
 * sent; completions run from the device interrupt or from polling.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "vmio/byteorder.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtio_irqsave.h"
#include "virtio/virtqueue.h"
#include "drivers/blk/virtio_blk.h"

#define VIRTIO_BLK_F_SIZE_MAX	1
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9

/* Config space offsets. */
#define BLK_CFG_CAPACITY	0
#define BLK_CFG_SIZE_MAX	8
#define BLK_CFG_SEG_MAX		12
#define BLK_CFG_BLK_SIZE	20

#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_UNSUPP	2

_Static_assert(VIRTIO_BLK_SLOTS >= 1 && VIRTIO_BLK_SLOTS < 0xffff, "slots fit a u16 index");
_Static_assert(VIRTIO_BLK_MAX_SEGS >= 1, "at least one data segment");
_Static_assert(VIRTIO_BLK_TIMEOUT_US < 0x80000000u && VIRTIO_BLK_FREEZE_TIMEOUT_US < 0x80000000u,
	       "waits are timed in 32-bit microseconds");
_Static_assert(VIRTIO_BLK_MAX_REQ_BYTES >= VIRTIO_BLK_SECTOR_SIZE &&
	       VIRTIO_BLK_MAX_REQ_BYTES <= 0x80000000u, "a sector to 2 GiB");

/* Descriptors of a request besides its data: header and status. */
#define BLK_EXTRA_DESCS 2u

/*
 * What the device writes (status) and reads (the 16-byte header from
 * type) besides the data. Device-writable, the status byte starts a
 * cache line (board.h, the DMA contract) that only its own request's
 * header shares: a neighbour slot's sync for the device cannot
 * overwrite it.
 */
struct blk_dma {
	uint8_t status;
	uint32_t type __aligned(8);
	uint32_t reserved;
	uint64_t sector;
} __aligned(BOARD_DMA_ALIGN);
_Static_assert(offsetof(struct blk_dma, sector) == offsetof(struct blk_dma, type) + 8,
	       "virtio-blk request header: 16 contiguous bytes");

struct blk_slot {
	virtio_blk_done_fn done;
	void *arg;
	/*
	 * A read's data length + 1 (the status byte): what the device must
	 * write. 0 otherwise: a write's status byte says it all.
	 */
	uint32_t in_len;
	/*
	 * Free list link, as the distance to the next free slot minus one:
	 * zeroed state is every slot free, in order (no set-up loop).
	 */
	uint16_t link;
};

struct virtio_blk {
	struct virtio_blk_info info;
	struct virtio_device *vdev;
	struct blk_dma *dma;
	uint32_t seg_bytes;	/* largest data segment */
	uint16_t free_head;	/* first free slot, VIRTIO_BLK_SLOTS when none */
	uint16_t busy;		/* slots in flight */
	bool polled;
	bool frozen;		/* system sleep: new requests refused (-EAGAIN) */
	bool resetting;		/* a reset with IRQs on is under way: refused (-EAGAIN) */
	bool broken;		/* the queue broke in a masked section: the next call resets */
	/* Embedded: the hot paths reach the queue without a pointer load. */
	struct virtqueue vq;
#if VIRTIO_BLK_INDIRECT_TABLES
	struct vq_indirect ind;
#endif
	struct blk_slot slot[VIRTIO_BLK_SLOTS];
};

struct blk_ring {
	uint8_t b[VRING_SIZE(VIRTIO_BLK_QUEUE_SIZE)];
} __aligned(VRING_ALIGN);

static struct blk_ring blk_ring[VIRTIO_BLK_MAX_DEVICES] VIRTQ_DMA_SECTION;
#if VIRTIO_BLK_INDIRECT_TABLES
#define BLK_IND_SIZE (VIRTIO_BLK_MAX_SEGS + BLK_EXTRA_DESCS)
static uint8_t blk_ind_tables[VIRTIO_BLK_MAX_DEVICES]
			     [VIRTIO_BLK_INDIRECT_TABLES * BLK_IND_SIZE * 16u]
	__aligned(16) VIRTQ_DMA_SECTION;
static struct vq_ind_shadow blk_ind_shadow[VIRTIO_BLK_MAX_DEVICES]
					  [VIRTIO_BLK_INDIRECT_TABLES * BLK_IND_SIZE];
#endif
static struct blk_dma blk_dma[VIRTIO_BLK_MAX_DEVICES][VIRTIO_BLK_SLOTS] VIRTQ_DMA_SECTION;
static struct vq_desc_state blk_vq_state[VIRTIO_BLK_MAX_DEVICES][VIRTIO_BLK_QUEUE_SIZE];
static struct virtio_blk blk_dev[VIRTIO_BLK_MAX_DEVICES];

/*
 * A sync call's view of its own requests: the caller counts what it
 * sent, the completion callback (maybe in IRQ context) what completed,
 * so that neither counter is written by both sides.
 */
struct blk_wait {
	int err;
	unsigned int sent;
	unsigned int done;
};

static void blk_complete(struct virtio_blk *b, struct blk_slot *s, int err)
{
	unsigned int i = (unsigned int)(s - b->slot);

	s->link = (uint16_t)(b->free_head - i - 1);
	b->free_head = (uint16_t)i;
	b->busy--;
	if (s->done)
		s->done(s->arg, err);
}

/* Refuse new requests (-EAGAIN) while a reset runs with IRQs on; false if one already does. */
static bool blk_start_reset(struct virtio_blk *b)
{
	unsigned long flags = virtio_irq_save();
	bool ok = !b->resetting;

	b->resetting = true;
	virtio_irq_restore(flags);
	return ok;
}

/* 0, or the errno of a completed request (one line logged). */
static int blk_result(struct virtio_blk *b, const struct blk_slot *s, uint32_t len)
{
	const struct blk_dma *d = &b->dma[s - b->slot];
	unsigned int st = READ_ONCE(d->status);
	int err;

	/* "OK" with less than a read's data + status written: the buffer holds stale bytes. */
	if (st == VIRTIO_BLK_S_OK && len >= s->in_len)
		return 0;
	err = st == VIRTIO_BLK_S_UNSUPP ? -EOPNOTSUPP : -EIO;
	/* A write's device must write its status byte: 1 of 1. */
	drv_err(b->vdev, "type %u at %llu: status %u, wrote %u of %u bytes (%d)",
	        (unsigned int)le32_to_cpu(d->type),
	        (unsigned long long)le64_to_cpu(d->sector), st, (unsigned int)len,
	        (unsigned int)(s->in_len ? s->in_len : 1), err);
	return err;
}

/* Complete what the device finished; IRQs masked. */
static int blk_drain(struct virtio_blk *b)
{
	struct blk_slot *s;
	uint32_t len;
	int n = 0;

	while ((s = virtqueue_get_buf(&b->vq, &len))) {
		blk_complete(b, s, blk_result(b, s, len));
		n++;
	}
	/*
	 * The queue code logged the bad entry and marked the device FAILED.
	 * Its buffers are taken back only after a reset, which may wait its
	 * full timeout: not here, with IRQs masked, but in the next call.
	 */
	if (virtqueue_is_broken(&b->vq))
		b->broken = true;
	else if (n)
		/* What the callbacks queued goes out with one notify. */
		virtqueue_kick(&b->vq);
	return n;
}

/*
 * Queue interrupt. Polled mode only asks the device to stay quiet, and
 * QEMU with EVENT_IDX still signals the first completion after a reset:
 * leave that one to the poller, as the API promises. Otherwise reap
 * everything, then re-arm for when most of what is still in flight has
 * completed.
 */
static void blk_vq_done(struct virtqueue *vq)
{
	struct virtio_blk *b = container_of(vq, struct virtio_blk, vq);

	/* During a reset the ring is being taken back: nothing to complete. */
	if (b->polled || b->resetting)
		return;
	/*
	 * A queue that breaks marks its device FAILED: one test stops both.
	 * The queue's device, not b->vdev: a lying device can interrupt at
	 * the end of queue setup, before probe has filled b in.
	 */
	do {
		virtqueue_disable_cb(vq);
		blk_drain(b);
	} while (!vq->vdev->failed && !virtqueue_enable_cb_delayed(vq));
}

/*
 * Put the completion mode into the queue; IRQs masked. Interrupt mode
 * first reaps what already completed, then re-arms as the handler does.
 */
static __attribute__((noinline)) void blk_apply_mode(struct virtio_blk *b)
{
	if (b->polled)
		virtqueue_disable_cb(&b->vq);
	else
		blk_vq_done(&b->vq);
}

/*
 * Reset the device (IRQs as the caller has them, never inside a masked
 * section of ours, so never from the interrupt handler: a queue that
 * breaks there is left to the next call, see b->broken) and complete
 * every request it held with err. With fix (DEVICE_NEEDS_RESET), what
 * the device completed before the reset completes as it said, and the
 * device is re-initialised in place with what we know (the noirq path
 * of the PM restore: rings, status, features, queues), DRIVER_OK, and
 * its completion mode put back; one line logged. Without, it is left
 * FAILED. New requests are refused (-EAGAIN) meanwhile. Waits at most
 * twice VIRTIO_RESET_TIMEOUT_US. Returns the number of requests
 * completed or failed (0 when a reset already runs), or the error that
 * left the device FAILED.
 */
static int blk_reset(struct virtio_blk *b, int err, bool fix)
{
	struct virtio_device *vdev = b->vdev;
	struct blk_slot *s;
	unsigned long flags;
	unsigned int n;
	int ret, done = 0;

	if (!blk_start_reset(b))
		return 0;
	ret = virtio_reset_device(vdev);
	flags = virtio_irq_save();
	if (fix)
		done = blk_drain(b);
	for (n = 0; (s = virtqueue_detach_unused(&b->vq)); n++)
		blk_complete(b, s, err);
	b->broken = false;
	/* The reap found a lie in the used ring: that device stays FAILED. */
	if (fix && !ret && vdev->failed)
		ret = -EIO;
	if (fix && !ret) {
		/* Re-initialising waits: IRQs as the caller has them. */
		virtio_irq_restore(flags);
		ret = virtio_device_reinit(vdev);
		if (!ret)
			virtio_device_ready(vdev);
		flags = virtio_irq_save();
	}
	b->resetting = false;
	if (!fix)
		virtio_mark_failed(vdev);
	else if (!ret)
		/* The rings came back with interrupts on: re-apply the mode. */
		blk_apply_mode(b);
	virtio_irq_restore(flags);
	if (!fix)
		return (int)n;
	drv_err(vdev, "device needs reset: %u requests failed (%d), %s (%d)", n, err,
	        ret ? "not recovered" : "recovered", ret);
	return ret ? ret : done + (int)n;
}

/*
 * Settle what a previous call or the device left: a queue that broke in
 * a masked section (reset, its requests failed with -EIO, the device
 * left FAILED), or a latched DEVICE_NEEDS_RESET (blk_reset() with fix).
 * Thread context or IRQs masked. Returns as blk_reset(), 0 when there
 * was nothing to do.
 */
static int blk_recover(struct virtio_blk *b)
{
	struct virtio_device *vdev = b->vdev;

	if (READ_ONCE(b->broken))
		return blk_reset(b, -EIO, false);
	if (!READ_ONCE(vdev->needs_reset) || vdev->failed)
		return 0;
	return blk_reset(b, -EIO, true);
}

static int blk_log(const struct virtio_blk *b, uint32_t type, uint64_t sector,
		   int err)
{
	drv_err(b->vdev, "type %u at %llu refused (%d)",
	        (unsigned int)type, (unsigned long long)sector, err);
	return err;
}

/*
 * Settle a pending recovery, then check a request before anything is
 * sent: 0 to go, 1 for a flush the device does not need (write-through),
 * or -EIO, -EAGAIN (frozen for system sleep), -EROFS, -EINVAL, logged.
 */
static int blk_check(struct virtio_blk *b, uint32_t type, uint64_t sector,
		     size_t len, size_t max)
{
	uint64_t end = sector + len / VIRTIO_BLK_SECTOR_SIZE;
	int err = -EINVAL;

	blk_recover(b);
	if (b->vdev->failed)
		err = -EIO;
	else if (b->frozen || b->resetting)
		err = -EAGAIN;
	else if (type == VIRTIO_BLK_T_FLUSH && !len)
		return !b->info.flush;
	else if (type == VIRTIO_BLK_T_OUT && b->info.read_only)
		err = -EROFS;
	else if (type <= VIRTIO_BLK_T_OUT && len && len <= max &&
		 !(len % VIRTIO_BLK_SECTOR_SIZE) && end >= sector &&
		 end <= b->info.capacity)
		return 0;
	return blk_log(b, type, sector, err);
}

static void blk_sync_done(void *arg, int err);

/*
 * The synchronous calls retry a request refused for want of room once
 * one of their own completed: that -ENOSPC is theirs to report.
 */
int virtio_blk_queue(struct virtio_blk *b, uint32_t type, uint64_t sector,
		     void *buf, size_t len, virtio_blk_done_fn done, void *arg)
{
	struct virtio_sg sg[VIRTIO_BLK_MAX_SEGS + 2], *g = sg;
	const uint8_t *p = buf;
	unsigned int n, nout, i;
	uint32_t left = (uint32_t)len;
	struct blk_slot *slot;
	struct blk_dma *d;
	unsigned long flags;
	int err = blk_check(b, type, sector, len, b->info.max_req);

	if (err > 0 && done)
		done(arg, 0);
	if (err)
		return err < 0 ? err : 0;
	flags = virtio_irq_save();
	err = -ENOSPC;
	i = b->free_head;
	if (i == VIRTIO_BLK_SLOTS)
		goto out;
	slot = &b->slot[i];
	d = &b->dma[i];
	d->type = cpu_to_le32(type);
	d->reserved = 0;
	/* Only reads and writes have a sector; the field is 0 otherwise (5.2.6). */
	d->sector = cpu_to_le64(type <= VIRTIO_BLK_T_OUT ? sector : 0);
	d->status = 0xff;
	g->addr = &d->type;
	g->len = 16;
	slot->done = done;
	slot->arg = arg;
	slot->in_len = type == VIRTIO_BLK_T_IN ? left + 1 : 0;
	while (left) {
		uint32_t c = left < b->seg_bytes ? left : b->seg_bytes;

		(++g)->addr = p;
		g->len = c;
		p += c;
		left -= c;
	}
	(++g)->addr = &d->status;
	g->len = 1;
	n = (unsigned int)(g - sg);
	nout = type == VIRTIO_BLK_T_OUT ? n : 1;
	err = virtqueue_add_sgs(&b->vq, sg, nout, sg + nout, n + 1 - nout, slot);
	if (!err) {
		b->free_head = (uint16_t)(i + 1 + slot->link);
		b->busy++;
	}
out:
	virtio_irq_restore(flags);
	/* The ring logged its -EINVAL (a writable buffer off a cache line). */
	if (!err || err == -EINVAL || (err == -ENOSPC && done == blk_sync_done))
		return err;
	return blk_log(b, type, sector, err);
}

bool virtio_blk_kick(struct virtio_blk *b)
{
	unsigned long flags = virtio_irq_save();
	bool kicked = virtqueue_kick(&b->vq);

	virtio_irq_restore(flags);
	return kicked;
}

int virtio_blk_submit(struct virtio_blk *b, uint32_t type, uint64_t sector,
		      void *buf, size_t len, virtio_blk_done_fn done, void *arg)
{
	int err = virtio_blk_queue(b, type, sector, buf, len, done, arg);

	if (!err)
		virtio_blk_kick(b);
	return err;
}

int virtio_blk_poll(struct virtio_blk *b)
{
	unsigned long flags;
	int n = blk_recover(b);

	if (n < 0 || b->resetting)
		return 0;
	flags = virtio_irq_save();
	n += blk_drain(b);
	virtio_irq_restore(flags);
	if (READ_ONCE(b->broken))
		n += blk_recover(b);
	return n;
}

static void blk_sync_done(void *arg, int err)
{
	struct blk_wait *w = arg;

	if (err && !w->err)
		w->err = err;
	w->done++;
}

/*
 * Wait until fewer than p of w's requests are pending (or all were
 * failed), at most VIRTIO_BLK_TIMEOUT_US: then the device is reset and
 * FAILED. With IRQs masked the config interrupt that announces
 * NEEDS_RESET cannot be taken: a wait that makes no progress reads
 * Status itself, once per VIRTIO_BLK_STATUS_POLL_US.
 */
static void blk_wait(struct virtio_blk *b, struct blk_wait *w, unsigned int p)
{
	/* 32-bit microseconds: exact for intervals up to 71 minutes. */
	uint32_t t0 = (uint32_t)board_time_us(), status_t = t0, now;
	bool masked = board_irqs_masked();

	while (w->sent - READ_ONCE(w->done) >= p) {
		if (b->polled || masked)
			virtio_blk_poll(b);
		else
			blk_recover(b);
		now = (uint32_t)board_time_us();
		if (masked && now - status_t >= VIRTIO_BLK_STATUS_POLL_US) {
			status_t = now;
			virtio_check_needs_reset(b->vdev);
		}
		if (now - t0 > VIRTIO_BLK_TIMEOUT_US) {
			drv_err(b->vdev, "timeout, device reset");
			blk_reset(b, -ETIMEDOUT, false);
		}
	}
}

/*
 * The synchronous calls are the asynchronous path with a callback that
 * counts: requests of at most max_req go out through virtio_blk_queue(),
 * one notify per batch (when out of room or refused, and at the end).
 */
int virtio_blk_rw(struct virtio_blk *b, uint32_t type, uint64_t sector,
		  void *buf, size_t len)
{
	struct blk_wait w = { 0, 0, 0 };
	uint8_t *p = buf;
	unsigned int busy;
	uint32_t n;
	int err = blk_check(b, type, sector, len, (size_t)-1);

	if (err)
		return err < 0 ? err : 0;
	do {
		n = len < b->info.max_req ? (uint32_t)len : b->info.max_req;
		err = virtio_blk_queue(b, type, sector, p, n, blk_sync_done, &w);
		if (!err) {
			w.sent++;
			sector += n / VIRTIO_BLK_SECTOR_SIZE;
			p += n;
			len -= n;
			continue;
		}
		/* What went out before goes to the device whatever happens next. */
		virtio_blk_kick(b);
		busy = w.sent - READ_ONCE(w.done);
		if (err != -ENOSPC || !busy) {
			w.err = err == -ENOSPC ? blk_log(b, type, sector, err) : err;
			break;
		}
		/* wait for one of ours, then retry */
		blk_wait(b, &w, busy);
	} while (len && !w.err);
	virtio_blk_kick(b);
	while ((busy = w.sent - READ_ONCE(w.done)))
		blk_wait(b, &w, busy);
	return w.err;
}

void virtio_blk_set_polled(struct virtio_blk *b, bool polled)
{
	unsigned long flags = virtio_irq_save();

	b->polled = polled;
	blk_apply_mode(b);
	virtio_irq_restore(flags);
	if (READ_ONCE(b->broken))
		blk_recover(b);
}

unsigned int virtio_blk_inflight(const struct virtio_blk *b)
{
	return b->busy;
}

const struct virtio_blk_info *virtio_blk_get_info(struct virtio_blk *b)
{
	/*
	 * blk_size is only a hint (the protocol unit is always the 512-byte
	 * sector), so bring-up does not spend an access on it: it is read
	 * on the first request for the facts, once.
	 */
	if (!b->info.blk_size) {
		b->info.blk_size = VIRTIO_BLK_SECTOR_SIZE;
		if (virtio_has_feature(b->vdev, VIRTIO_BLK_F_BLK_SIZE))
			b->info.blk_size = virtio_cread32(b->vdev, BLK_CFG_BLK_SIZE);
	}
	return &b->info;
}

struct virtio_blk *virtio_blk_get(unsigned int n)
{
	struct virtio_blk *b;

	for (b = blk_dev; b < blk_dev + VIRTIO_BLK_MAX_DEVICES; b++)
		if (b->vdev && !n--)
			return b;
	return NULL;
}

unsigned int virtio_blk_count(void)
{
	unsigned int n = 0;

	while (virtio_blk_get(n))
		n++;
	return n;
}

static int blk_probe(struct virtio_device *vdev)
{
	static void (*const cbs[])(struct virtqueue *vq) = { blk_vq_done };
	struct virtio_blk *b = blk_dev;
	struct virtqueue *vq;
	/* Without SIZE_MAX a contiguous buffer is one segment of any length. */
	uint32_t seg = VIRTIO_BLK_MAX_REQ_BYTES, segs = 1, room;
	uint64_t max;
	unsigned int i = 0;
	int err;

	for (; b->vdev; b++)
		if (++i == VIRTIO_BLK_MAX_DEVICES) {
			drv_err(vdev, "too many devices");
			return -ENOSPC;
		}
	memset(b, 0, sizeof(*b));
	err = virtio_cread64(vdev, BLK_CFG_CAPACITY, &b->info.capacity);
	if (err)
		return err;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SIZE_MAX)) {
		seg = virtio_cread32(vdev, BLK_CFG_SIZE_MAX);
		/* Whole cache lines, so that every segment of a read starts on one. */
		if (seg >= BOARD_DMA_ALIGN)
			seg &= ~(uint32_t)(BOARD_DMA_ALIGN - 1);
		segs = VIRTIO_BLK_MAX_SEGS;
		if (virtio_has_feature(vdev, VIRTIO_BLK_F_SEG_MAX))
			segs = virtio_cread32(vdev, BLK_CFG_SEG_MAX);
		if (!segs) {
			/* A request always has room for one segment. */
			drv_warn(vdev, "seg_max 0, using 1");
			segs = 1;
		}
	}
	b->seg_bytes = seg;
	b->info.read_only = virtio_has_feature(vdev, VIRTIO_BLK_F_RO);
	b->info.flush = virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH);
	b->dma = blk_dma[i];
	vq = &b->vq;
	vq->ring = blk_ring[i].b;
	vq->state = blk_vq_state[i];
	vq->num_max = VIRTIO_BLK_QUEUE_SIZE;
#if VIRTIO_BLK_INDIRECT_TABLES
	b->ind.tables = blk_ind_tables[i];
	b->ind.shadow = blk_ind_shadow[i];
	b->ind.count = VIRTIO_BLK_INDIRECT_TABLES;
	b->ind.size = BLK_IND_SIZE;
	vq->ind = &b->ind;
#endif
	err = virtio_find_vqs(vdev, 1, &vq, cbs);
	if (err)
		return err;
	/* A request takes header + data segments + status descriptors. */
	room = vq->num > BLK_EXTRA_DESCS ? vq->num - BLK_EXTRA_DESCS : 0;
	if (segs > room)
		segs = room;
	if (segs > VIRTIO_BLK_MAX_SEGS)
		segs = VIRTIO_BLK_MAX_SEGS;
	max = (uint64_t)segs * seg;
	if (max > VIRTIO_BLK_MAX_REQ_BYTES)
		max = VIRTIO_BLK_MAX_REQ_BYTES;
	b->info.max_req = (uint32_t)max & ~(VIRTIO_BLK_SECTOR_SIZE - 1);
	if (!b->info.max_req) {
		drv_err(vdev, "requests too small");
		return -ENODEV;
	}
	b->vdev = vdev;
	vdev->priv = b;
	return 0;
}

/*
 * PM freeze (virtio/pm.h), IRQs on: from now on every request is refused
 * with -EAGAIN (not queued: the caller retries after pm_suspend()), then
 * wait for those in flight. Completions are polled here, so this works
 * the same in interrupt and polled mode; their callbacks run in this
 * thread with IRQs masked (a new request they submit is refused). Waits
 * at most VIRTIO_BLK_FREEZE_TIMEOUT_US. Errors: -EBUSY (logged) when
 * requests are still in flight then: submission is reopened, nothing
 * else changed, and the PM core rolls the other devices back.
 */
static int blk_freeze(struct virtio_device *vdev)
{
	struct virtio_blk *b = vdev->priv;
	uint32_t t0 = (uint32_t)board_time_us();

	b->frozen = true;
	while (virtio_blk_poll(b), virtio_blk_inflight(b))
		if ((uint32_t)board_time_us() - t0 > VIRTIO_BLK_FREEZE_TIMEOUT_US) {
			b->frozen = false;
			drv_err(b->vdev, "requests stuck, cannot freeze");
			return -EBUSY;
		}
	return 0;
}

/*
 * PM restore, IRQs on: the core has re-initialised the device with its
 * queue empty (interrupt suppression off). DRIVER_OK first, so a request
 * submitted the moment submission reopens (from another device's
 * interrupt) may notify; then re-apply the completion mode, which
 * disables the queue's interrupts again in polled mode. No wait, cannot
 * fail.
 */
static int blk_restore(struct virtio_device *vdev)
{
	struct virtio_blk *b = vdev->priv;

	virtio_device_ready(vdev);
	virtio_blk_set_polled(b, b->polled);
	b->frozen = false;
	return 0;
}

static void blk_remove(struct virtio_device *vdev)
{
	struct virtio_blk *b = vdev->priv;

	blk_reset(b, -ENODEV, false);
	b->vdev = NULL;
}

static const struct virtio_device_id blk_ids[] = {
	{ VIRTIO_ID_BLOCK, VIRTIO_DEV_ANY_ID },
	{ 0, 0 },
};

static const unsigned int blk_features[] = {
	VIRTIO_BLK_F_SIZE_MAX, VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_RO,
	VIRTIO_BLK_F_BLK_SIZE, VIRTIO_BLK_F_FLUSH,
};

static struct virtio_driver blk_driver = {
	.name = "virtio-blk",
	.id_table = blk_ids,
	.feature_table = blk_features,
	.feature_table_size = ARRAY_SIZE(blk_features),
	.pm_class = VIRTIO_PM_NORMAL,
	.probe = blk_probe,
	.remove = blk_remove,
	.freeze = blk_freeze,
	.restore = blk_restore,
};

int virtio_blk_register(void)
{
	return virtio_register_driver(&blk_driver);
}
