// SPDX-License-Identifier: MIT
/*
 * The noirq half of the device core: the re-initialisation steps that
 * may run with IRQs masked, and the four per-device steps of system
 * sleep the PM core (virtio_pm.c) drives. Nothing here allocates or
 * waits without a bound; the only wait is the transport's polled reset.
 *
 * A device's progress through a cycle lives in dev->pm_state, so that
 * each step knows what the previous ones did: virtio_device_restore()
 * re-initialises a device unless the noirq phase already did, which
 * covers both the normal resume and the rollback of a failed suspend
 * (where a device may have been frozen but never noirq-restored).
 */
#include <errno.h>
#include "board/board.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "virtio/virtio_priv.h"
#include "virtio/virtio_irqsave.h"

void virtio_add_status_noirq(struct virtio_device *dev, uint8_t bits)
{
	dev->status |= bits;
	dev->config->set_status(dev, dev->status);
}

/* The same operation: the noirq name says it is safe with IRQs masked. */
void virtio_add_status(struct virtio_device *dev, uint8_t bits)
	__attribute__((alias("virtio_add_status_noirq")));

int virtio_features_ok_noirq(struct virtio_device *dev)
{
	dev->config->finalize_features(dev);
	/* A legacy device has no FEATURES_OK step. */
	if (dev->version < 2)
		return 0;
	virtio_add_status_noirq(dev, VIRTIO_STATUS_FEATURES_OK);
	if (!(dev->config->get_status(dev) & VIRTIO_STATUS_FEATURES_OK)) {
		vdev_err(dev, "device refused features 0x%llx", (unsigned long long)dev->features);
		return -ENODEV;
	}
	return 0;
}

int virtio_reset_device_noirq(struct virtio_device *dev)
{
	int ret = dev->config->reset(dev);

	if (ret)
		vdev_err(dev, "reset not complete after %u us",
		         (unsigned int)VIRTIO_RESET_TIMEOUT_US);
	return ret;
}

/*
 * Reset dev and take it to FEATURES_OK: ACKNOWLEDGE, FAILED again if it
 * was (whoever debugs a device that failed before sleep should still see
 * it), DRIVER, then the features. want is what the driver and the core
 * may use (probe): a modern device must offer VERSION_1, and the
 * negotiated set is what both sides know. want 0 (re-initialisation):
 * every negotiated feature must still be offered; a device that lost one
 * (a firmware downgrade behind a power cut) would be driven with requests
 * it no longer understands (a legacy one has no FEATURES_OK to refuse
 * them), and a modern one would refuse FEATURES_OK with a line that
 * hides why.
 */
int virtio_start_noirq(struct virtio_device *dev, uint64_t want)
{
	uint64_t offered;
	int ret = virtio_reset_device_noirq(dev);

	if (ret)
		return ret;
	virtio_add_status_noirq(dev, VIRTIO_STATUS_ACKNOWLEDGE);
	if (dev->failed)
		virtio_add_status_noirq(dev, VIRTIO_STATUS_FAILED);
	virtio_add_status_noirq(dev, VIRTIO_STATUS_DRIVER);
	offered = dev->config->get_features(dev);
	if (want) {
		if (dev->version >= 2 && !(offered & BIT_ULL(VIRTIO_F_VERSION_1))) {
			vdev_err(dev, "modern device without VERSION_1");
			return -ENODEV;
		}
		dev->features = offered & want;
	} else if (dev->features & ~offered) {
		vdev_err(dev, "device no longer offers features 0x%llx",
			 (unsigned long long)(dev->features & ~offered));
		return -EIO;
	}
	return virtio_features_ok_noirq(dev);
}

int virtio_device_reinit_noirq(struct virtio_device *dev)
{
	int ret;

	/* Before the first write: never reset a device that is not ours. */
	if (dev->config->check_identity) {
		ret = dev->config->check_identity(dev);
		/* Whatever is there now never saw our status bits: FAILED alone. */
		if (ret) {
			dev->status = 0;
			return ret;
		}
	}
	return virtio_start_noirq(dev, 0);
}

void virtio_config_core_enable_noirq(struct virtio_device *dev)
{
	unsigned long flags = virtio_irq_save();
	bool pending = dev->config_change_pending;

	/*
	 * Masked: a config interrupt taken between the read and the set
	 * would latch a change that the set then wipes. It waits for the
	 * restore instead and is delivered by the handler, enabled.
	 */
	VIRTIO_IRQ_WINDOW();
	dev->config_core_enabled = true;
	dev->config_change_pending = false;
	if (pending && dev->driver && dev->driver->config_changed)
		dev->driver->config_changed(dev);
	virtio_irq_restore(flags);
}

void virtio_device_ready_noirq(struct virtio_device *dev)
{
	if (dev->status & VIRTIO_STATUS_DRIVER_OK)
		vdev_warn(dev, "DRIVER_OK already set");
	virtio_add_status_noirq(dev, VIRTIO_STATUS_DRIVER_OK);
}

void virtio_go_live(struct virtio_device *dev)
{
	if (!(dev->status & VIRTIO_STATUS_DRIVER_OK))
		virtio_add_status_noirq(dev, VIRTIO_STATUS_DRIVER_OK);
	/* Only a driver that is up may hear of config changes (one held back is delivered). */
	virtio_config_core_enable_noirq(dev);
}

int virtio_driver_call(struct virtio_device *dev,
		       int (*fn)(struct virtio_device *dev), const char *what)
{
	int ret = fn ? fn(dev) : 0;

	if (ret)
		drv_err(dev, "%s failed (%d)", what, ret);
	return ret;
}

/* First queue of dev with buffers in flight, or -1. */
static int virtio_busy_vq(const struct virtio_device *dev)
{
	unsigned int i;

	for (i = 0; i < dev->nvqs; i++)
		if (dev->vqs[i]->num_free != dev->vqs[i]->num)
			return (int)i;
	return -1;
}

int virtio_device_freeze(struct virtio_device *dev)
{
	struct virtio_driver *drv = dev->driver;
	int ret, vq;

	if (!drv)
		return 0;
	virtio_config_core_disable(dev);
	ret = virtio_driver_call(dev, drv->freeze, "freeze");
	vq = ret ? -1 : virtio_busy_vq(dev);
	if (vq >= 0) {
		drv_err(dev, "left %u buffers in flight on vq%d, cannot sleep",
			(unsigned int)(dev->vqs[vq]->num - dev->vqs[vq]->num_free), vq);
		/* A freeze that claimed success cannot be trusted to be undone. */
		if (drv->freeze)
			virtio_mark_failed(dev);
		ret = -EBUSY;
	}
	if (ret) {
		virtio_config_core_enable_noirq(dev);
		return ret;
	}
	dev->pm_state = VIRTIO_PM_FROZEN;
	return 0;
}

int virtio_device_freeze_noirq(struct virtio_device *dev)
{
	struct virtio_driver *drv = dev->driver;
	int ret;

	if (!drv || dev->pm_state != VIRTIO_PM_FROZEN)
		return 0;
	if (!board_irqs_masked()) {
		vdev_err(dev, "%s with IRQs unmasked", "freeze_noirq");
		return -EINVAL;
	}
	ret = virtio_driver_call(dev, drv->freeze_noirq, "freeze_noirq");
	if (ret)
		return ret;
	dev->pm_state = VIRTIO_PM_FROZEN_NOIRQ;
	return 0;
}

int virtio_reinit_queues(struct virtio_device *dev)
{
	int ret = virtio_device_reinit_noirq(dev);

	if (!ret)
		ret = dev->config->setup_vqs(dev, true);
	/* Started from reset: a DEVICE_NEEDS_RESET latched before is answered. */
	if (!ret)
		dev->needs_reset = false;
	return ret;
}

/*
 * Both restore steps after their own checks (ret: their verdict so far):
 * re-initialise dev unless the noirq phase did, then the driver's
 * callback fn (named what). On error dev leaves the cycle FAILED: the
 * restore phase has nothing left to do for it.
 */
static int virtio_restore_step(struct virtio_device *dev, int ret,
			       int (*fn)(struct virtio_device *dev), const char *what)
{
	if (!ret && dev->pm_state != VIRTIO_PM_RESTORED_NOIRQ) {
		ret = virtio_reinit_vrings(dev);
		if (!ret)
			ret = virtio_reinit_queues(dev);
	}
	if (!ret)
		ret = virtio_driver_call(dev, fn, what);
	if (ret) {
		dev->pm_state = VIRTIO_PM_ACTIVE;
		virtio_mark_failed(dev);
	}
	return ret;
}

int virtio_device_restore_noirq(struct virtio_device *dev)
{
	struct virtio_driver *drv = dev->driver;
	int ret = 0;

	if (!drv || !drv->restore_noirq || dev->pm_state != VIRTIO_PM_FROZEN_NOIRQ)
		return 0;
	if (!board_irqs_masked()) {
		vdev_err(dev, "%s with IRQs unmasked", "restore_noirq");
		ret = -EINVAL;
	} else if (!dev->config->noirq_safe) {
		vdev_err(dev, "transport cannot re-initialise with IRQs masked");
		ret = -EOPNOTSUPP;
	}
	ret = virtio_restore_step(dev, ret, drv->restore_noirq, "restore_noirq");
	if (ret)
		return ret;
	dev->pm_state = VIRTIO_PM_RESTORED_NOIRQ;
	/* A driver that went DRIVER_OK here is ready for config changes too. */
	if (dev->status & VIRTIO_STATUS_DRIVER_OK)
		virtio_config_core_enable_noirq(dev);
	return 0;
}

int virtio_device_restore(struct virtio_device *dev)
{
	struct virtio_driver *drv = dev->driver;
	int ret;

	if (!drv || dev->pm_state == VIRTIO_PM_ACTIVE)
		return 0;
	ret = virtio_restore_step(dev, 0, drv->restore, "restore");
	if (ret)
		return ret;
	dev->pm_state = VIRTIO_PM_ACTIVE;
	virtio_go_live(dev);
	return 0;
}
