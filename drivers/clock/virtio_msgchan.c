// SPDX-License-Identifier: MIT
/*
 * One-request-at-a-time message channel of the virtio-clock and
 * virtio-regulator drivers; see virtio_msgchan.h for the contract.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "vmio/byteorder.h"
#include "vmio/compiler.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "drivers/clock/virtio_msgchan.h"

/* Device result codes: Linux errno numbers, negated. */
static const struct {
	int32_t wire;
	int err;
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

static void put_le32(uint8_t *p, uint32_t v)
{
	v = cpu_to_le32(v);
	memcpy(p, &v, 4);
}

static uint32_t get_le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32_to_cpu(v);
}

static const char *vmsg_type_name(const struct vmsg_chan *c, uint32_t type)
{
	return type < c->ntypes && c->type_names[type] ? c->type_names[type] : "?";
}

void vmsg_init(struct vmsg_chan *c, struct virtio_device *vdev,
	       struct virtqueue *vq, uint8_t *req, uint8_t *rsp, uint32_t size,
	       uint32_t hdr_off)
{
	c->vdev = vdev;
	c->vq = vq;
	c->req = req;
	c->rsp = rsp;
	c->size = size;
	c->hdr_off = hdr_off;
	c->busy = c->recovering = c->down = c->frozen = false;
	c->done = false;
	c->requests = c->timeouts = c->recoveries = 0;
	vq->priv = c;
}

void vmsg_vq_done(struct virtqueue *vq)
{
	struct vmsg_chan *c = vq->priv;
	uint32_t len;
	void *cookie;

	while ((cookie = virtqueue_get_buf(vq, &len))) {
		if (cookie == c) {
			c->used_len = len;
			c->done = true;
		}
	}
	if (virtqueue_is_broken(vq))
		c->done = true;
}

bool vmsg_dead(const struct vmsg_chan *c)
{
	return c->down || c->vdev->failed;
}

/* Take the channel; nested calls are the replay's own. */
static int vmsg_lock(struct vmsg_chan *c)
{
	unsigned long flags = board_irq_save();
	int err = 0;

	if (c->busy && !c->recovering)
		err = -EBUSY;
	else
		c->busy = true;
	board_irq_restore(flags);
	return err;
}

/*
 * The device may still own our buffer (a timeout) or the queue is
 * broken: reset it so it stops touching memory, then take the request
 * back so that a later re-init finds the queue empty.
 */
static void vmsg_abandon(struct vmsg_chan *c)
{
	unsigned long flags = board_irq_save();

	virtio_reset_device(c->vdev);
	while (virtqueue_detach_unused(c->vq))
		;
	c->down = true;
	board_irq_restore(flags);
}

static int vmsg_run_replay(struct vmsg_chan *c)
{
	bool was = c->recovering;
	int err;

	c->recovering = true;
	c->down = false;
	c->frozen = false;
	if (!(c->vdev->status & VIRTIO_STATUS_DRIVER_OK))
		virtio_device_ready_noirq(c->vdev);
	err = c->replay ? c->replay(c) : 0;
	c->recovering = was;
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

/* Post the request in c->req and wait for its completion; returns 0 or -errno (not logged). */
static int vmsg_post_wait(struct vmsg_chan *c, bool *logged)
{
	struct virtio_sg out = { c->req, c->size };
	struct virtio_sg in = { c->in_place ? c->req : c->rsp, c->size };
	bool masked = board_irqs_masked();
	unsigned long flags;
	uint64_t t0;
	int err;

	board_dma_clean(c->req, c->size);
	if (!c->in_place)
		board_dma_clean(c->rsp, c->size);
	flags = board_irq_save();
	/*
	 * Polled (noirq): ask the device for no interrupt at all. It could
	 * not be taken now, and taken after the unmask it would only cost
	 * an exit for InterruptStatus and one for InterruptACK.
	 */
	if (masked)
		virtqueue_disable_cb(c->vq);
	c->done = false;
	c->used_len = 0;
	err = c->in_place ? virtqueue_add_sgs(c->vq, NULL, 0, &in, 1, c) :
			    virtqueue_add_sgs(c->vq, &out, 1, &in, 1, c);
	if (!err) {
		c->requests++;
		virtqueue_kick(c->vq);
	}
	board_irq_restore(flags);
	if (err)
		return err;

	if (masked) {
		/* noirq: the interrupt cannot be taken, poll the used ring. */
		err = virtqueue_poll_wait(c->vq, VIRTIO_CLKREG_TIMEOUT_US);
		if (!err && virtqueue_get_buf(c->vq, &c->used_len) != c)
			err = -EIO;
		virtqueue_enable_cb(c->vq);
	} else {
		t0 = board_time_us();
		while (!READ_ONCE(c->done) &&
		       board_time_us() - t0 < VIRTIO_CLKREG_TIMEOUT_US)
			board_udelay(VIRTIO_CLKREG_WAIT_STEP_US);
		err = READ_ONCE(c->done) ? 0 : -ETIMEDOUT;
	}
	if (virtqueue_is_broken(c->vq)) {
		/* Logged by the queue code, which also marked the device FAILED. */
		*logged = true;
		vmsg_abandon(c);
		return -EIO;
	}
	if (err == -ETIMEDOUT) {
		c->timeouts++;
		vmsg_abandon(c);
	}
	return err;
}

int vmsg_call(struct vmsg_chan *c, const char *target, const void *prefix,
	      uint32_t type, const uint32_t data_in[4], uint32_t data_out[4])
{
	const uint8_t *r;
	bool logged = false;
	unsigned int i;
	uint32_t res;
	int err;

	if (!c->vdev) {
		pr_err("virtio-%s %s: no device", c->kind, target);
		return -ENODEV;
	}
	err = vmsg_lock(c);
	if (err) {
		pr_err("virtio%u: %s %s: %s while another request is in flight",
		       c->vdev->index, c->kind, target, vmsg_type_name(c, type));
		return err;
	}
	if (c->frozen && !c->recovering) {
		err = -EAGAIN;
		pr_err("virtio%u: %s %s: %s while suspended", c->vdev->index, c->kind,
		       target, vmsg_type_name(c, type));
		goto out;
	}
	if (!c->recovering && !c->vdev->failed && (c->down || c->vdev->needs_reset)) {
		/* Every failure inside the recovery logged its own line. */
		err = vmsg_recover_locked(c);
		if (err)
			goto out;
	}
	if (c->vdev->failed || c->down) {
		err = -EIO;
		pr_err("virtio%u: %s %s: %s: device %s", c->vdev->index, c->kind,
		       target, vmsg_type_name(c, type),
		       c->vdev->failed ? "failed" : "down");
		goto out;
	}

	memcpy(c->req, prefix, c->hdr_off);
	put_le32(c->req + c->hdr_off, type);
	put_le32(c->req + c->hdr_off + 4, 0);
	for (i = 0; i < 4; i++)
		put_le32(c->req + c->hdr_off + 8 + 4 * i, data_in ? data_in[i] : 0);
	/* A device that claims a reply it never wrote must not pass the echo check. */
	if (!c->in_place)
		memset(c->rsp, 0xff, c->size);

	err = vmsg_post_wait(c, &logged);
	if (err) {
		if (!logged)
			pr_err("virtio%u: %s %s: %s %s (%d)", c->vdev->index, c->kind,
			       target, vmsg_type_name(c, type),
			       err == -ETIMEDOUT ? "timed out, device reset" :
			       "not sent", err);
		goto out;
	}
	r = c->in_place ? c->req : c->rsp;
	board_dma_invalidate(r, c->size);
	if (c->used_len < c->size) {
		err = -EIO;
		pr_err("virtio%u: %s %s: %s: short reply, %u of %u bytes",
		       c->vdev->index, c->kind, target, vmsg_type_name(c, type),
		       (unsigned int)c->used_len, (unsigned int)c->size);
		goto out;
	}
	if (memcmp(r, prefix, c->hdr_off) || get_le32(r + c->hdr_off) != type) {
		err = -EIO;
		pr_err("virtio%u: %s %s: %s: malformed reply (type %u)",
		       c->vdev->index, c->kind, target, vmsg_type_name(c, type),
		       (unsigned int)get_le32(r + c->hdr_off));
		goto out;
	}
	res = get_le32(r + c->hdr_off + 4);
	if (res) {
		err = vmsg_result_errno(res);
		pr_err("virtio%u: %s %s: %s: device result %d (%d)", c->vdev->index,
		       c->kind, target, vmsg_type_name(c, type), (int)res, err);
		goto out;
	}
	if (data_out)
		for (i = 0; i < 4; i++)
			data_out[i] = get_le32(r + c->hdr_off + 8 + 4 * i);
out:
	if (!c->recovering)
		c->busy = false;
	return err;
}

int vmsg_replay(struct vmsg_chan *c)
{
	int err;

	if (!c->vdev)
		return -ENODEV;
	err = vmsg_lock(c);
	if (err) {
		pr_err("virtio%u: %s: replay while a request is in flight",
		       c->vdev->index, c->kind);
		return err;
	}
	err = vmsg_run_replay(c);
	c->busy = false;
	return err;
}

int vmsg_freeze(struct vmsg_chan *c)
{
	int err;

	if (!c->vdev)
		return 0;
	err = vmsg_lock(c);
	if (err) {
		pr_err("virtio%u: %s: freeze while a request is in flight",
		       c->vdev->index, c->kind);
		return err;
	}
	c->frozen = true;
	c->busy = false;
	return 0;
}

int vmsg_recover(struct vmsg_chan *c)
{
	int err;

	if (!c->vdev)
		return -ENODEV;
	err = vmsg_lock(c);
	if (err) {
		pr_err("virtio%u: %s: recovery while a request is in flight",
		       c->vdev->index, c->kind);
		return err;
	}
	err = vmsg_recover_locked(c);
	c->busy = false;
	return err;
}
