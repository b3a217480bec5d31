// SPDX-License-Identifier: MIT
/*
 * virtio-rng driver (virtio 1.2, 5.4): one device-writable buffer at a
 * time on the request queue, completion by polling.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "drivers/rng/virtio_rng.h"

VIRTQ_DEFINE(rng_vq, 2);
static uint8_t rng_buf[VIRTIO_RNG_BUF_SIZE] VIRTQ_DMA_SECTION;
static struct virtio_device *rng_dev;
static bool rng_posted;		/* rng_buf is on the queue (a read timed out) */
static bool rng_frozen;		/* system sleep: reads refused */

int virtio_rng_present(void)
{
	return rng_dev && !rng_dev->failed;
}

/* Take the posted buffer back from a device that was reset; wipe it. */
static void rng_take_back(void)
{
	virtqueue_detach_unused(&rng_vq);
	memset(rng_buf, 0, sizeof(rng_buf));
	rng_posted = false;
}

/*
 * DEVICE_NEEDS_RESET was latched: reset (the posted buffer, if any, is
 * taken back and wiped), re-initialise in place with the known features
 * and ring (the noirq path of the PM restore), DRIVER_OK, interrupts
 * off again. Waits at most twice VIRTIO_RESET_TIMEOUT_US; any context.
 * Returns 0 when the device works again, else the error (it is FAILED).
 * One line logged.
 */
static int rng_recover(struct virtio_device *vdev)
{
	bool lost = rng_posted;
	int err = virtio_reset_device(vdev);

	rng_take_back();
	if (!err)
		err = virtio_device_reinit(vdev);
	if (err) {
		drv_err(vdev, "device needs reset, recovery failed (%d)", err);
		return err;
	}
	virtio_device_ready(vdev);
	virtqueue_disable_cb(&rng_vq);
	drv_err(vdev, "device needs reset: %s, recovered",
	        lost ? "request in flight failed" : "nothing in flight");
	return 0;
}

/*
 * Wait for the posted buffer until t0 + timeout_us, checking the
 * deadline and a latched DEVICE_NEEDS_RESET on every pass. With IRQs
 * masked the config interrupt cannot be taken: Status is read once per
 * VIRTIO_RNG_STATUS_POLL_US instead. Returns 0 (a used buffer waits),
 * -ETIMEDOUT, -EIO (broken queue), or -ECONNRESET (the device needs a
 * reset).
 */
static int rng_wait(uint64_t t0, uint32_t timeout_us)
{
	uint64_t now = board_time_us(), st = t0;

	for (;;) {
		if (now - t0 >= timeout_us)
			return -ETIMEDOUT;
		/* What the device completed before it failed is still taken. */
		if (virtqueue_poll(&rng_vq))
			return virtqueue_is_broken(&rng_vq) ? -EIO : 0;
		if (READ_ONCE(rng_dev->needs_reset))
			return -ECONNRESET;
		if (board_irqs_masked() && now - st >= VIRTIO_RNG_STATUS_POLL_US) {
			st = now;
			virtio_check_needs_reset(rng_dev);
		}
		board_udelay(1);
		now = board_time_us();
	}
}

int virtio_rng_read(void *buf, size_t len, uint32_t timeout_us)
{
	struct virtqueue *vq = &rng_vq;
	uint64_t t0 = board_time_us();
	struct virtio_sg sg = { rng_buf, sizeof(rng_buf) };
	unsigned int empty = 0;
	uint8_t *p = buf;
	size_t done = 0;
	uint32_t got;
	int err = 0;

	if (!rng_dev || rng_frozen) {
		pr_err("virtio-rng: %s", rng_dev ? "suspended" : "no device");
		return rng_dev ? -EAGAIN : -ENODEV;
	}
	/* Latched while idle: recover, then serve this read. */
	if (rng_dev->needs_reset && !rng_dev->failed && rng_recover(rng_dev))
		return -EIO;
	while (done < len) {
		if (!rng_posted) {
			err = virtqueue_add_sgs(vq, NULL, 0, &sg, 1, rng_buf);
			if (err)
				break;
			rng_posted = true;
			virtqueue_kick(vq);
		}
		err = rng_wait(t0, timeout_us);
		if (err == -ECONNRESET) {
			/* The request in flight fails; the next read finds the device back. */
			rng_recover(rng_dev);
			return -EIO;
		}
		if (err)
			break;
		if (!virtqueue_get_buf(vq, &got)) {
			err = -EIO;
			break;
		}
		rng_posted = false;
		if (!got && ++empty >= VIRTIO_RNG_MAX_EMPTY) {
			drv_err(rng_dev, "%u empty buffers in a row, device faulty (%d)",
			        empty, -EIO);
			return -EIO;
		}
		if (got)
			empty = 0;
		if (got > len - done)
			got = (uint32_t)(len - done);
		memcpy(p + done, rng_buf, got);
		memset(rng_buf, 0, got);
		done += got;
	}
	if (err) {
		drv_err(rng_dev, "read of %lu bytes failed after %lu (%d)",
		        (unsigned long)len, (unsigned long)done, err);
		return err;
	}
	return (int)len;
}

static int rng_probe(struct virtio_device *vdev)
{
	struct virtqueue *vq = &rng_vq;
	int err;

	if (rng_dev) {
		drv_err(vdev, "only one device supported");
		return -ENOSPC;
	}
	err = virtio_find_vqs(vdev, 1, &vq, NULL);
	if (err)
		return err;
	virtqueue_disable_cb(vq);
	rng_posted = false;
	rng_dev = vdev;
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
	int err;

	rng_frozen = true;
	if (!rng_posted)
		return 0;
	err = virtio_reset_device(vdev);
	if (err) {
		rng_frozen = false;
		return err;
	}
	rng_take_back();
	return 0;
}

/*
 * PM restore, IRQs on: the queue is back empty with interrupts enabled;
 * the driver polls, so disable them again, then accept reads. No MMIO
 * (the core sets DRIVER_OK), no wait, cannot fail.
 */
static int rng_restore(struct virtio_device *vdev)
{
	(void)vdev;
	virtqueue_disable_cb(&rng_vq);
	rng_frozen = false;
	return 0;
}

static void rng_remove(struct virtio_device *vdev)
{
	(void)vdev;
	rng_dev = NULL;
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
