// SPDX-License-Identifier: MIT
/*
 * Message channel of the virtio-clock and virtio-regulator drivers: one
 * request per consumer call, batches for the replay; see
 * reqchan.h for the contract.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "board/board.h"
#include "vmio/byteorder.h"
#include "vmio/compiler.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "drivers/reqchan/reqchan.h"

/* The reply wait counts elapsed time in 32 bits (vmsg_wait()). */
_Static_assert(VIRTIO_CLKREG_TIMEOUT_US < 0x80000000u, "VIRTIO_CLKREG_TIMEOUT_US fits 32-bit elapsed time");

/* Device result codes: Linux errno numbers, negated; both sides fit a byte. */
_Static_assert(EPERM < 128 && ENOENT < 128 && EBUSY < 128 && EINVAL < 128 &&
	       ERANGE < 128 && EOPNOTSUPP < 128 && ETIMEDOUT < 128,
	       "local errno numbers fit vmsg_results[]");
static const struct {
	int8_t wire;
	int8_t err;
} vmsg_results[] = {
	{ -1, -EPERM }, { -2, -ENOENT }, { -16, -EBUSY }, { -22, -EINVAL },
	{ -34, -ERANGE }, { -95, -EOPNOTSUPP }, { -110, -ETIMEDOUT },
};

static int vmsg_result_errno(uint32_t result)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmsg_results); i++)
		if ((int32_t)result == vmsg_results[i].wire)
			return vmsg_results[i].err;
	return -EIO;
}

/*
 * The builtin: -ffreestanding keeps memcpy() a libc call, where one word
 * load or store does (Armv7-A allows it unaligned, as virtio_mmio.c uses).
 */
static void put_le32(uint8_t *p, uint32_t v)
{
	v = cpu_to_le32(v);
	__builtin_memcpy(p, &v, 4);
}

static uint32_t get_le32(const uint8_t *p)
{
	uint32_t v;

	__builtin_memcpy(&v, p, 4);
	return le32_to_cpu(v);
}

static const char *vmsg_type_name(const struct vmsg_chan *c, uint32_t type)
{
	return type < c->ntypes && c->type_names[type] ? c->type_names[type] : "?";
}

/*
 * One error line about a request: "<target>: <type>: " and fmt's text,
 * after the device's "virtio<n>: <kind>: " head. Every reply check and
 * refusal reports through vmsg_err(), so that prefix is formatted here
 * once instead of in each message.
 */
static void __printf(4, 5) vmsg_log(const struct vmsg_chan *c, const char *target,
				    uint32_t type, const char *fmt, ...)
{
	char what[64];
	va_list ap;

	va_start(ap, fmt);
	vmio_vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	drv_err(c->vdev, "%s: %s: %s", target, vmsg_type_name(c, type), what);
}
#define vmsg_err(c, target, type, ...) \
	vmio_log_call(VMIO_LOG_ERR, vmsg_log, c, target, type, __VA_ARGS__)

void vmsg_init(struct vmsg_chan *c, struct virtio_device *vdev,
	       struct virtqueue *vq, uint8_t *req, uint8_t *rsp, uint32_t size,
	       uint32_t hdr_off)
{
	c->vdev = vdev;
	c->vq = vq;
	c->size = size;
	c->hdr_off = hdr_off;
	c->busy = c->recovering = c->down = c->frozen = false;
	c->used_len = 0;
	c->requests = c->posts = c->timeouts = c->recoveries = 0;
	vmsg_set_pool(c, req, rsp, 0, 1);
	vq->priv = c;
}

void vmsg_set_pool(struct vmsg_chan *c, uint8_t *req, uint8_t *rsp,
		   uint32_t stride, unsigned int n)
{
	unsigned int k;

	if (n > VIRTIO_CLKREG_BATCH)
		n = VIRTIO_CLKREG_BATCH;
	memset(c->slot, 0, sizeof(c->slot));
	for (k = 0; k < n; k++) {
		c->slot[k].req = req + k * stride;
		c->slot[k].rsp = rsp + k * stride;
	}
	c->req = req;
	c->rsp = rsp;
	c->nslots = n;
	c->nstaged = 0;
	c->inflight = 0;
}

/* Take every completion waiting on the ring. IRQ context, or IRQs masked. */
static void vmsg_reap(struct vmsg_chan *c)
{
	struct vmsg_slot *s;
	uint32_t len;

	/*
	 * The queue hands back only cookies of chains in flight, and this
	 * queue carries nothing but our slots: each is a posted slot, once.
	 * Nothing is read beyond the requests in flight: an entry after
	 * them is not a reply (vmsg_drop_surplus()).
	 */
	while (c->inflight && (s = virtqueue_get_buf(c->vq, &len))) {
		s->used_len = len;
		s->posted = false;
		c->inflight--;
	}
}

void vmsg_vq_done(struct virtqueue *vq)
{
	/*
	 * A lying device can interrupt at the end of queue setup, before
	 * the probe gave the queue its channel: nothing is in flight then,
	 * and its entry is found as surplus by the first call.
	 */
	if (vq->priv)
		vmsg_reap(vq->priv);
}

/*
 * Take the channel. A call, and a replay from its start to its end, hold
 * it alone: anyone else (an interrupting caller) is refused, between a
 * replay's batches too, when nothing is in flight. The replay itself
 * only batches (vmsg_batch_add()), it never calls in nested.
 */
static int vmsg_lock(struct vmsg_chan *c)
{
	unsigned long flags = board_irq_save();
	int err = 0;

	if (c->busy)
		err = -EBUSY;
	else
		c->busy = true;
	board_irq_restore(flags);
	return err;
}

/*
 * The device may still own our buffers (a timeout) or the queue is
 * broken: reset it so it stops touching memory, then take every request
 * back so that a later re-init finds the queue empty.
 *
 * The reset runs with IRQs as the caller has them: it may take its whole
 * timeout (VIRTIO_RESET_TIMEOUT_US, the device FAILED after it), and a
 * consumer call must not mask IRQs that long. Until the reset completes
 * the interrupt handler may still take completions, as at any time; the
 * masked part (taking the rest back, at most a ring's worth of
 * descriptors) is short and bounded.
 */
static void vmsg_abandon(struct vmsg_chan *c)
{
	unsigned long flags;
	unsigned int k;

	virtio_reset_device(c->vdev);
	flags = board_irq_save();
	while (virtqueue_detach_unused(c->vq))
		;
	for (k = 0; k < c->nslots; k++)
		c->slot[k].posted = false;
	c->inflight = 0;
	c->down = true;
	board_irq_restore(flags);
}

/*
 * With nothing in flight the used ring must hold nothing new: an entry
 * there is a reply delivered a second time, or one nobody asked for. It
 * is never read as a reply (its id may name the next request's
 * descriptors). The driver cannot step over it without the device's
 * index and its own going apart, so the device is reset (one line) and
 * marked down: the next call recovers it, state replayed. Channel held.
 * Returns true when that happened.
 */
static bool vmsg_drop_surplus(struct vmsg_chan *c)
{
	if (c->down || READ_ONCE(c->inflight) || virtqueue_is_broken(c->vq) ||
	    !virtqueue_poll(c->vq))
		return false;
	drv_err(c->vdev, "used entry with nothing in flight (a reply delivered twice?), "
		"device reset");
	vmsg_abandon(c);
	return true;
}

/* Stage the next request: its buffers, and a private copy of what must come back. */
static void vmsg_stage(struct vmsg_chan *c, const char *target,
		       const void *prefix, uint32_t type, const uint32_t data_in[4])
{
	struct vmsg_slot *s = &c->slot[c->nstaged++];
	unsigned int i;

	s->target = target;
	s->type = type;
	s->used_len = 0;
	memcpy(s->prefix, prefix, c->hdr_off);
	memcpy(s->req, prefix, c->hdr_off);
	put_le32(s->req + c->hdr_off, type);
	put_le32(s->req + c->hdr_off + 4, 0);
	for (i = 0; i < 4; i++)
		put_le32(s->req + c->hdr_off + 8 + 4 * i, data_in ? data_in[i] : 0);
	/* A device that claims a reply it never wrote must not pass the echo check. */
	memset(s->rsp, 0xff, c->size);
}

/* Requests the next post may hold: slots, and descriptors of the (empty) ring. */
static unsigned int vmsg_capacity(const struct vmsg_chan *c)
{
	unsigned int n = c->vq->num_free / (c->in_place ? 1u : 2u);

	/* At least one: a ring too small for a single request fails it with -ENOSPC. */
	return n < 1 ? 1 : n < c->nslots ? n : c->nslots;
}

/*
 * Wait until every posted request completed or VIRTIO_CLKREG_TIMEOUT_US
 * passed without a completion. Returns 0, -ETIMEDOUT or -EIO (broken).
 */
static int vmsg_wait(struct vmsg_chan *c, bool masked)
{
	unsigned int left = READ_ONCE(c->inflight), now_left;
	/* 32 bits are exact: the timeout is far below their wrap. */
	uint32_t t0 = (uint32_t)board_time_us();
	int err = 0;

	while (left) {
		if (masked) {
			/* noirq: the interrupt cannot be taken, poll the used ring. */
			err = virtqueue_poll_wait(c->vq, VIRTIO_CLKREG_TIMEOUT_US);
			if (err)
				break;
			vmsg_reap(c);
		} else {
			board_udelay(VIRTIO_CLKREG_WAIT_STEP_US);
		}
		if (virtqueue_is_broken(c->vq))
			return -EIO;
		now_left = READ_ONCE(c->inflight);
		if (now_left != left) {
			left = now_left;
			t0 = (uint32_t)board_time_us();
		} else if (!masked &&
			   (uint32_t)board_time_us() - t0 >= VIRTIO_CLKREG_TIMEOUT_US) {
			err = -ETIMEDOUT;
			break;
		}
	}
	return virtqueue_is_broken(c->vq) ? -EIO : err;
}

/* 0, or the errno of slot s's reply (one line logged). */
static int vmsg_check(struct vmsg_chan *c, const struct vmsg_slot *s, bool in_place)
{
	const uint8_t *r = in_place ? s->req : s->rsp;
	uint32_t res;
	int err;

	board_dma_sync_for_cpu(r, c->size);
	if (s->used_len < c->size) {
		vmsg_err(c, s->target, s->type, "short reply, %u of %u bytes",
			 (unsigned int)s->used_len, (unsigned int)c->size);
		return -EIO;
	}
	if (c->echo_ok ? !c->echo_ok(c, s, r) :
	    memcmp(r, s->prefix, c->hdr_off) || get_le32(r + c->hdr_off) != s->type) {
		vmsg_err(c, s->target, s->type, "malformed reply (type %u)",
			 (unsigned int)get_le32(r + c->hdr_off));
		return -EIO;
	}
	res = get_le32(r + c->hdr_off + 4);
	if (!res)
		return 0;
	err = vmsg_result_errno(res);
	vmsg_err(c, s->target, s->type, "device result %d (%d)", (int)res, err);
	return err;
}

/*
 * Post slots 0..n-1 and notify once. Returns how many were posted; *err
 * is the error that stopped the others (ring full, broken queue), or 0.
 */
static unsigned int vmsg_post(struct vmsg_chan *c, unsigned int n,
			      bool in_place, bool masked, int *err)
{
	unsigned long flags = board_irq_save();
	unsigned int k;

	*err = 0;
	/*
	 * Polled (noirq): ask the device for no interrupt at all. It could
	 * not be taken now, and taken after the unmask it would only cost
	 * an exit for InterruptStatus and one for InterruptACK.
	 */
	if (masked)
		virtqueue_disable_cb(c->vq);
	for (k = 0; k < n; k++) {
		struct vmsg_slot *s = &c->slot[k];
		struct virtio_sg out = { s->req, c->size };
		struct virtio_sg in = { in_place ? s->req : s->rsp, c->size };

		*err = virtqueue_add_sgs(c->vq, in_place ? NULL : &out, !in_place,
					 &in, 1, s);
		if (*err)
			break;
		s->posted = true;
		c->inflight++;
	}
	if (k) {
		c->requests += k;
		c->posts++;
		virtqueue_kick(c->vq);
	}
	board_irq_restore(flags);
	return k;
}

/*
 * Post the staged slots as one batch, wait for all of them and check
 * every reply; data_out (may be NULL) gets slot 0's data on success.
 * Channel held. Returns 0 or the first error in slot order.
 */
static int vmsg_flush(struct vmsg_chan *c, uint32_t data_out[4])
{
	bool masked = board_irqs_masked(), in_place = c->in_place;
	unsigned int n = c->nstaged, posted, k;
	const struct vmsg_slot *s;
	int err, first = 0, e;

	c->nstaged = 0;
	if (!n)
		return 0;
	posted = vmsg_post(c, n, in_place, masked, &err);
	e = posted ? vmsg_wait(c, masked) : 0;
	if (masked)
		virtqueue_enable_cb(c->vq);
	if (e) {
		for (k = 0; k < posted - 1 && !c->slot[k].posted; k++)
			;
		s = &c->slot[k];
		if (e == -ETIMEDOUT) {
			c->timeouts++;
			vmsg_err(c, s->target, s->type,
				 "timed out, %u of %u unanswered, device reset (%d)",
				 READ_ONCE(c->inflight), posted, e);
		}
		/* A broken queue: logged by the queue code, which marked the device FAILED. */
		vmsg_abandon(c);
		return e;
	}
	for (k = 0; k < posted; k++) {
		e = vmsg_check(c, &c->slot[k], in_place);
		if (e && !first)
			first = e;
	}
	if (err) {
		s = &c->slot[posted];
		vmsg_err(c, s->target, s->type, "not sent (%d)", err);
		if (!first)
			first = err;
	}
	c->used_len = c->slot[0].used_len;
	if (!first && data_out)
		for (k = 0; k < 4; k++)
			data_out[k] = get_le32((in_place ? c->slot[0].req : c->slot[0].rsp) +
					       c->hdr_off + 8 + 4 * k);
	/*
	 * An extra used entry: the replies above stand, the device is
	 * reset. A replay cannot go on with a device that lost its state.
	 */
	if (vmsg_drop_surplus(c) && c->recovering && !first)
		first = -EIO;
	return first;
}

static int vmsg_run_replay(struct vmsg_chan *c)
{
	int err;

	c->recovering = true;
	c->down = false;
	c->frozen = false;
	c->nstaged = 0;
	if (!(c->vdev->status & VIRTIO_STATUS_DRIVER_OK))
		virtio_device_ready_noirq(c->vdev);
	err = c->replay ? c->replay(c) : 0;
	/* A last batch the owner left open goes out; after an error nothing more does. */
	if (!err)
		err = vmsg_flush(c, NULL);
	c->nstaged = 0;
	c->recovering = false;
	return err;
}

/* Channel held: re-init with the known features and rings, then replay. */
static int vmsg_recover_locked(struct vmsg_chan *c)
{
	int err;

	c->recoveries++;
	err = virtio_device_reinit(c->vdev);
	if (err)
		return err;
	return vmsg_run_replay(c);
}

int vmsg_call(struct vmsg_chan *c, const char *target, const void *prefix,
	      uint32_t type, const uint32_t data_in[4], uint32_t data_out[4])
{
	int err;

	if (!c->vdev) {
		pr_err("virtio-%s %s: no device", c->kind, target);
		return -ENODEV;
	}
	err = vmsg_lock(c);
	if (err) {
		vmsg_err(c, target, type, "refused, another request or a replay in flight");
		return err;
	}
	/*
	 * FAILED first: a device whose resume failed stays frozen too, and
	 * -EAGAIN would tell the caller to retry what can never succeed.
	 * Only a recovery (vmsg_recover(), the next PM restore) ends it.
	 */
	if (c->vdev->failed) {
		err = -EIO;
		vmsg_err(c, target, type, "device failed");
		goto out;
	}
	if (c->frozen) {
		err = -EAGAIN;
		vmsg_err(c, target, type, "refused while suspended");
		goto out;
	}
	/* A late extra used entry: reset now, recover below (one line each way). */
	vmsg_drop_surplus(c);
	if (c->down || c->vdev->needs_reset) {
		/* Every failure inside the recovery logged its own line. */
		err = vmsg_recover_locked(c);
		if (err)
			goto out;
	}
	vmsg_stage(c, target, prefix, type, data_in);
	err = vmsg_flush(c, data_out);
out:
	c->busy = false;
	return err;
}

int vmsg_batch_add(struct vmsg_chan *c, const char *target, const void *prefix,
		   uint32_t type, const uint32_t data_in[4])
{
	int err;

	if (!c->recovering) {
		vmsg_err(c, target, type, "batched outside a replay");
		return -EINVAL;
	}
	if (c->nstaged >= vmsg_capacity(c)) {
		err = vmsg_flush(c, NULL);
		if (err)
			return err;
	}
	vmsg_stage(c, target, prefix, type, data_in);
	return 0;
}

int vmsg_batch_end(struct vmsg_chan *c)
{
	return vmsg_flush(c, NULL);
}

/* Take the channel for op (the PM or recovery path): -EBUSY, logged, when held. */
static int vmsg_hold(struct vmsg_chan *c, const char *op)
{
	int err = vmsg_lock(c);

	if (err)
		drv_err(c->vdev, "%s while a request is in flight", op);
	return err;
}

/* The replay alone (reinit false), or re-init first and then the replay. */
static int vmsg_redo(struct vmsg_chan *c, bool reinit)
{
	int err;

	if (!c->vdev)
		return -ENODEV;
	err = vmsg_hold(c, reinit ? "recovery" : "replay");
	if (err)
		return err;
	err = reinit ? vmsg_recover_locked(c) : vmsg_run_replay(c);
	c->busy = false;
	return err;
}

int vmsg_replay(struct vmsg_chan *c)
{
	return vmsg_redo(c, false);
}

int vmsg_recover(struct vmsg_chan *c)
{
	return vmsg_redo(c, true);
}

int vmsg_freeze(struct vmsg_chan *c)
{
	int err;

	if (!c->vdev)
		return 0;
	err = vmsg_hold(c, "freeze");
	if (err)
		return err;
	c->frozen = true;
	c->busy = false;
	return 0;
}
