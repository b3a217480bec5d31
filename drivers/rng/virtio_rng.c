// SPDX-License-Identifier: MIT
/*
 * virtio-rng driver (virtio 1.2, 5.4): one device-writable buffer at a
 * time on the request queue, completion by polling. Up to
 * VIRTIO_RNG_MAX_DEVICES devices, each with its own static queue and buffer.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "vmio/compiler.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "drivers/rng/virtio_rng.h"

#define RNG_QUEUE_SIZE 2

/*
 * Static storage for VIRTIO_RNG_MAX_DEVICES devices, taken in probe order.
 * The rings sit RNG_RING_STRIDE apart, each VRING_ALIGN-aligned; the last
 * one is not padded, so that one device costs what it always did.
 */
#define RNG_RING_STRIDE ALIGN_UP(VRING_SIZE(RNG_QUEUE_SIZE), VRING_ALIGN)
static uint8_t rng_rings[(VIRTIO_RNG_MAX_DEVICES - 1) * RNG_RING_STRIDE +
			 VRING_SIZE(RNG_QUEUE_SIZE)] __aligned(VRING_ALIGN) VIRTQ_DMA_SECTION;
/* Device-writable: whole cache lines of its own (board.h, DMA contract). */
static uint8_t rng_bufs[VIRTIO_RNG_MAX_DEVICES][BOARD_DMA_ROUND(VIRTIO_RNG_BUF_SIZE)]
	__aligned(BOARD_DMA_ALIGN) VIRTQ_DMA_SECTION;
static struct vq_desc_state rng_vq_state[VIRTIO_RNG_MAX_DEVICES][RNG_QUEUE_SIZE];

struct virtio_rng {
	struct virtio_device *dev;	/* NULL: instance free */
	struct virtqueue vq;
	uint8_t *buf;			/* VIRTIO_RNG_BUF_SIZE bytes of DMA memory */
	bool posted;			/* buf is on the queue (a read timed out) */
	bool frozen;			/* system sleep: reads refused */
};

static struct virtio_rng rngs[VIRTIO_RNG_MAX_DEVICES];

/* The n-th bound device in probe order, or NULL. */
static struct virtio_rng *rng_get(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < VIRTIO_RNG_MAX_DEVICES; i++)
		if (rngs[i].dev && !n--)
			return &rngs[i];
	return NULL;
}

unsigned int virtio_rng_count(void)
{
	unsigned int n = 0;

	while (rng_get(n))
		n++;
	return n;
}

int virtio_rng_present(void)
{
	unsigned int i;

	for (i = 0; i < VIRTIO_RNG_MAX_DEVICES; i++)
		if (rngs[i].dev && !rngs[i].dev->failed)
			return 1;
	return 0;
}

/* Take the posted buffer back from a device that was reset; wipe it.
 * Out of line: recovery and freeze each carried a copy. */
static __attribute__((noinline)) void rng_take_back(struct virtio_rng *r)
{
	virtqueue_detach_unused(&r->vq);
	memset(r->buf, 0, VIRTIO_RNG_BUF_SIZE);
	r->posted = false;
}

/*
 * DEVICE_NEEDS_RESET was latched: reset (the posted buffer, if any, is
 * taken back and wiped), re-initialise in place with the known features
 * and ring (the noirq path of the PM restore), DRIVER_OK, interrupts
 * off again. Waits at most twice VIRTIO_RESET_TIMEOUT_US; any context.
 * Returns 0 when the device works again, else the error (it is FAILED).
 * One line logged.
 */
static int rng_recover(struct virtio_rng *r)
{
	struct virtio_device *vdev = r->dev;
	bool lost = r->posted;
	int err = virtio_reset_device(vdev);

	rng_take_back(r);
	if (!err)
		err = virtio_device_reinit(vdev);
	if (!err) {
		virtio_device_ready(vdev);
		virtqueue_disable_cb(&r->vq);
	}
	/* blk's wording; the request lost is a read, failed with -EIO */
	drv_err(vdev, "device needs reset: %u requests failed (%d), %s (%d)",
		(unsigned int)lost, -EIO, err ? "not recovered" : "recovered", err);
	return err;
}

/*
 * One loop posts the buffer, takes what the device returned and waits:
 * the deadline and a latched DEVICE_NEEDS_RESET are checked on every
 * pass. With IRQs masked the config interrupt cannot be taken: Status
 * is read once per VIRTIO_RNG_STATUS_POLL_US instead.
 */
int virtio_rng_read_dev(unsigned int n, void *buf, size_t len, uint32_t timeout_us)
{
	struct virtio_rng *r = rng_get(n);
	/*
	 * 32-bit microseconds: the time left shrinks by what each pass
	 * took, exact for any timeout_us.
	 */
	uint32_t prev = (uint32_t)board_time_us(), st = prev, now, left = timeout_us;
	struct virtio_sg sg;
	struct virtqueue *vq;
	unsigned int empty = 0;
	uint8_t *p = buf;
	size_t done = 0;
	uint32_t got, c;
	int err;

	if (!r || r->frozen) {
		err = r ? -EAGAIN : -ENODEV;
		pr_err("virtio-rng: %s", err == -EAGAIN ? "suspended" : "no device");
		return err;
	}
	vq = &r->vq;
	sg = (struct virtio_sg){ r->buf, VIRTIO_RNG_BUF_SIZE };
	/* Latched while idle: recover, then serve this read. */
	if (r->dev->needs_reset && !r->dev->failed && rng_recover(r))
		return -EIO;
	while (done < len) {
		if (!r->posted) {
			err = virtqueue_add_sgs(vq, NULL, 0, &sg, 1, r->buf);
			if (err)
				goto fail;
			r->posted = true;
			virtqueue_kick(vq);
		}
		now = (uint32_t)board_time_us();
		err = -ETIMEDOUT;
		if (now - prev >= left)
			goto fail;
		left -= now - prev;
		prev = now;
		/* What the device completed before it failed is still taken. */
		if (virtqueue_poll(vq)) {
			err = -EIO;
			if (!virtqueue_get_buf(vq, &got))
				goto fail;	/* broken queue */
			r->posted = false;
			empty = got ? 0 : empty + 1;
			if (empty >= VIRTIO_RNG_MAX_EMPTY)
				goto fail;	/* a device that returns nothing is faulty */
			/* got is in memory (its address was taken): copy it out once. */
			c = got < len - done ? got : (uint32_t)(len - done);
			memcpy(p + done, r->buf, c);
			memset(r->buf, 0, c);
			done += c;
			continue;
		}
		if (READ_ONCE(r->dev->needs_reset)) {
			/* The request in flight fails; the next read finds the device back. */
			rng_recover(r);
			return -EIO;
		}
		if (board_irqs_masked() && now - st >= VIRTIO_RNG_STATUS_POLL_US) {
			st = (uint32_t)now;
			virtio_check_needs_reset(r->dev);
		}
		board_udelay(1);
	}
	return (int)len;
fail:
	drv_err(r->dev, "read of %lu bytes failed after %lu, %u empty buffers in a row (%d)",
		(unsigned long)len, (unsigned long)done, empty, err);
	return err;
}

int virtio_rng_read(void *buf, size_t len, uint32_t timeout_us)
{
	return virtio_rng_read_dev(0, buf, len, timeout_us);
}

static int rng_probe(struct virtio_device *vdev)
{
	struct virtio_rng *r;
	struct virtqueue *vq;
	unsigned int i;
	int err;

	for (i = 0; i < VIRTIO_RNG_MAX_DEVICES && rngs[i].dev; i++)
		;
	if (i == VIRTIO_RNG_MAX_DEVICES) {
		drv_err(vdev, "too many devices, VIRTIO_RNG_MAX_DEVICES is %u",
			(unsigned int)VIRTIO_RNG_MAX_DEVICES);
		return -ENOSPC;
	}
	r = &rngs[i];
	memset(r, 0, sizeof(*r));
	r->buf = rng_bufs[i];
	vq = &r->vq;
	vq->ring = rng_rings + i * RNG_RING_STRIDE;
	vq->state = rng_vq_state[i];
	vq->num_max = RNG_QUEUE_SIZE;
	err = virtio_find_vqs(vdev, 1, &vq, NULL);
	if (err)
		return err;
	virtqueue_disable_cb(vq);
	vdev->priv = r;
	r->dev = vdev;
	return 0;
}

/*
 * PM freeze (virtio/pm.h), IRQs on: refuse reads (-EAGAIN) until
 * restore, and take back the request a timed-out read left posted: the
 * device is reset first so that it cannot write into rng_buf any more,
 * whatever it already wrote is wiped. Waits at most
 * VIRTIO_RESET_TIMEOUT_US. Errors: -ETIMEDOUT (logged by the reset, the
 * device is FAILED); reads are allowed again, to fail with -EIO.
 */
static int rng_freeze(struct virtio_device *vdev)
{
	struct virtio_rng *r = vdev->priv;
	int err;

	r->frozen = true;
	if (!r->posted)
		return 0;
	err = virtio_reset_device(vdev);
	if (err) {
		r->frozen = false;
		return err;
	}
	rng_take_back(r);
	return 0;
}

/*
 * PM restore, IRQs on: the queue is back empty with interrupts enabled;
 * the driver polls, so disable them again, then accept reads. No MMIO
 * (the core sets DRIVER_OK), no wait, cannot fail.
 */
static int rng_restore(struct virtio_device *vdev)
{
	struct virtio_rng *r = vdev->priv;

	virtqueue_disable_cb(&r->vq);
	r->frozen = false;
	return 0;
}

static void rng_remove(struct virtio_device *vdev)
{
	struct virtio_rng *r = vdev->priv;

	if (r)
		r->dev = NULL;
	vdev->priv = NULL;
}

static const struct virtio_device_id rng_ids[] = {
	{ VIRTIO_ID_RNG, VIRTIO_DEV_ANY_ID },
	{ 0, 0 },
};

static struct virtio_driver rng_driver = {
	.name = "virtio-rng",
	.id_table = rng_ids,
	.pm_class = VIRTIO_PM_NORMAL,
	.probe = rng_probe,
	.remove = rng_remove,
	.freeze = rng_freeze,
	.restore = rng_restore,
};

int virtio_rng_register(void)
{
	return virtio_register_driver(&rng_driver);
}
