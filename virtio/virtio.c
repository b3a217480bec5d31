// SPDX-License-Identifier: MIT
/*
 * The device side of the virtio core: status, feature negotiation, the
 * section 3.1 bring-up, re-initialisation after a lost state, and the
 * interrupt fan-out. Every failure path logs one line, sets FAILED and
 * returns a negative errno; other devices never notice.
 */
#include <errno.h>
#include <stdarg.h>
#include "board/board.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtio_irqsave.h"
#include "virtio/virtqueue.h"
#include "virtio/virtio_priv.h"

/* Ring and transport bits the core owns; see the policy in virtio.h. */
#define VIRTIO_CORE_FEATURES						\
	(BIT_ULL(VIRTIO_F_EVENT_IDX) | BIT_ULL(VIRTIO_F_VERSION_1) |	\
	 BIT_ULL(VIRTIO_F_ACCESS_PLATFORM) | BIT_ULL(VIRTIO_F_ORDER_PLATFORM) | \
	 VIRTQ_RING_FEATURES)

uint8_t virtio_get_status(struct virtio_device *dev)
{
	return dev->config->get_status(dev);
}

#if VMIO_LOG_MAX_LEVEL > 0	/* at 0 no line is printed: no caller */
void virtio_dev_log(const struct virtio_device *dev, unsigned int how,
		    const char *fmt, ...)
{
	char head[32];
	const char *name = "", *sep = "";
	va_list ap;

	if ((how & VIRTIO_LOG_DRV) && dev->driver) {
		/* "virtio0: blk: ...": the line already says virtio. Not
		 * strncmp(): nothing else in the demo keeps libc's. */
		const char *pfx = "virtio-";

		for (name = dev->driver->name; *pfx && *name == *pfx; pfx++)
			name++;
		if (*pfx)
			name = dev->driver->name;
		sep = ": ";
	}
	vmio_snprintf(head, sizeof(head), "virtio%u: %s%s", dev->index, name, sep);
	va_start(ap, fmt);
	vmio_vlog((enum vmio_log_level)(how & ~VIRTIO_LOG_DRV), head, fmt, ap);
	va_end(ap);
}
#endif

void virtio_mark_failed(struct virtio_device *dev)
{
	dev->failed = true;
	virtio_add_status(dev, VIRTIO_STATUS_FAILED);
}

void virtio_device_ready(struct virtio_device *dev)
{
	virtio_add_status(dev, VIRTIO_STATUS_DRIVER_OK);
}

uint32_t virtio_vendor_id(struct virtio_device *dev)
{
	if (!dev->vendor_valid) {
		dev->vendor = dev->config->get_vendor(dev);
		dev->vendor_valid = true;
	}
	return dev->vendor;
}

int virtio_reset_device(struct virtio_device *dev)
{
	int ret = virtio_reset_device_noirq(dev);

	if (ret)
		virtio_mark_failed(dev);
	return ret;
}

/* What dev may negotiate with drv: the core's bits and the driver's table. */
static uint64_t virtio_wanted(const struct virtio_driver *drv)
{
	/* In 32-bit halves: a 64-bit variable shift is long in Thumb. */
	uint32_t lo = (uint32_t)VIRTIO_CORE_FEATURES;
	uint32_t hi = (uint32_t)(VIRTIO_CORE_FEATURES >> 32);
	unsigned int i, f;

	for (i = 0; i < drv->feature_table_size; i++) {
		f = drv->feature_table[i];
		if (f < 32)
			lo |= BIT(f);
		else if (f < 64)
			hi |= BIT(f - 32);
	}
	/* Both sides write a packed ring's lines: coherent memory only (board.h). */
	if (!board_dma_coherent())
		hi &= ~BIT(VIRTIO_F_RING_PACKED - 32);
	return (uint64_t)hi << 32 | lo;
}

bool virtio_check_needs_reset(struct virtio_device *dev)
{
	if (!(virtio_get_status(dev) & VIRTIO_STATUS_NEEDS_RESET))
		return false;
	if (!dev->needs_reset)
		vdev_err(dev, "device needs reset");
	dev->needs_reset = true;
	return true;
}

/* Used buffers consumed so far on dev's queues (wraps; compared for change). */
/* Not inlined: the IRQ handler calls it twice, one copy is 20 bytes less. */
static __attribute__((noinline)) uint32_t
virtio_used_consumed(const struct virtio_device *dev)
{
	uint32_t sum = 0;
	unsigned int i;

	for (i = 0; i < dev->nvqs; i++)
		sum += dev->vqs[i]->last_used;
	return sum;
}

uint32_t virtio_interrupt(struct virtio_device *dev)
{
	uint32_t isr = dev->config->isr(dev, true);
	unsigned int i;

	if (isr & VIRTIO_ISR_VRING)
		for (i = 0; i < dev->nvqs; i++)
			virtqueue_interrupt(dev->vqs[i]);
	if (isr & VIRTIO_ISR_CONFIG) {
		/* NEEDS_RESET is announced with a config change (2.1.2). */
		virtio_check_needs_reset(dev);
		if (!dev->config_core_enabled)
			dev->config_change_pending = true;
		else if (dev->driver && dev->driver->config_changed)
			dev->driver->config_changed(dev);
	}
	return isr;
}

/*
 * The interrupt is still asserted and nothing is being done: stop it
 * here, or the handler re-runs for ever and the firmware never gets
 * back to its thread. The device is broken like one that lies in its
 * used ring: its queues refuse work and its requests stay for
 * virtqueue_detach_unused().
 */
static void virtio_irq_storm(struct virtio_device *dev, uint32_t isr)
{
	unsigned int i;

	board_irq_disable(dev->irq);
	dev->irq_storm = true;
	vdev_err(dev, "interrupt storm: IRQ %u still up (InterruptStatus 0x%x) after %u idle runs, IRQ disabled, device failed",
	         dev->irq, (unsigned int)isr, (unsigned int)VIRTIO_IRQ_STORM_RUNS);
	for (i = 0; i < dev->nvqs; i++)
		dev->vqs[i]->broken = true;
	virtio_mark_failed(dev);
}

/*
 * A run is busy when a queue consumed a used buffer (the device did
 * work) or when the acknowledged bits are gone afterwards (the device
 * took the ACK, a config change or a spurious interrupt). The re-read
 * costs one access, on runs that consumed nothing only.
 */
static void virtio_irq_handler(void *arg)
{
	struct virtio_device *dev = arg;
	uint32_t consumed = virtio_used_consumed(dev);
	uint32_t isr = virtio_interrupt(dev);

	if (virtio_used_consumed(dev) != consumed ||
	    (isr && !(dev->config->isr(dev, false) & isr))) {
		dev->irq_idle_runs = 0;
		return;
	}
	if (++dev->irq_idle_runs >= VIRTIO_IRQ_STORM_RUNS && !dev->irq_storm)
		virtio_irq_storm(dev, isr);
}

static int virtio_irq_attach(struct virtio_device *dev)
{
	int ret;

	dev->irq_idle_runs = 0;
	if (dev->irq_registered) {
		/* Only a registered IRQ storms (detach clears irq_storm). */
		if (dev->irq_storm)
			board_irq_enable(dev->irq);
		dev->irq_storm = false;
		return 0;
	}
	ret = board_irq_register(dev->irq, BOARD_IRQ_LEVEL, virtio_irq_handler, dev);
	if (ret)
		vdev_err(dev, "cannot take IRQ %u (%d)", dev->irq, ret);
	else
		dev->irq_registered = true;
	return ret;
}

static void virtio_irq_detach(struct virtio_device *dev)
{
	if (dev->irq_registered)
		board_irq_unregister(dev->irq);
	dev->irq_registered = false;
	dev->irq_storm = false;
}

int virtio_find_vqs(struct virtio_device *dev, unsigned int nvqs,
		    struct virtqueue *const vqs[],
		    void (*const callbacks[])(struct virtqueue *vq))
{
	unsigned long flags;
	unsigned int i;
	int ret;

	if (nvqs > VIRTIO_MAX_VQS) {
		vdev_err(dev, "%u queues asked, VIRTIO_MAX_VQS is %u",
		         nvqs, (unsigned int)VIRTIO_MAX_VQS);
		return -EINVAL;
	}
	for (i = 0; i < nvqs; i++) {
		struct virtio_device *owner = vqs[i]->vdev;

		/* Static storage shared by two live devices would be silent corruption. */
		if (owner && owner != dev && owner->driver) {
			vdev_err(dev, "queue storage %u already used by virtio%u", i, owner->index);
			return -EBUSY;
		}
		/* Harmless on a refusal: no other bound device owns those before i. */
		vqs[i]->callback = callbacks ? callbacks[i] : NULL;
		dev->vqs[i] = vqs[i];
	}
	/*
	 * The transport programs dev->vqs, so they count from here; the IRQ
	 * is already ours, and a spurious interrupt must not find a queue
	 * whose ring is not set up yet. Setup is MMIO only (noirq-safe).
	 */
	flags = virtio_irq_save();
	dev->nvqs = (uint8_t)nvqs;
	ret = dev->config->setup_vqs(dev, false);
	if (ret)
		dev->nvqs = 0;
	virtio_irq_restore(flags);
	return ret;
}

/* Forget the queues: their storage may serve another device now. Out
 * of line: probe and unbind each carried a copy. */
static __attribute__((noinline)) void
virtio_release_vqs(struct virtio_device *dev)
{
	unsigned int i;

	for (i = 0; i < dev->nvqs; i++)
		dev->vqs[i]->vdev = NULL;
	dev->nvqs = 0;
}

/* Undo a bind (failed probe, remove): IRQ, queue storage, driver. */
static void virtio_unbind(struct virtio_device *dev)
{
	virtio_irq_detach(dev);
	virtio_release_vqs(dev);
	dev->driver = NULL;
}

int virtio_device_probe(struct virtio_device *dev, struct virtio_driver *drv)
{
	int ret;

	virtio_config_core_disable(dev);
	dev->config_change_pending = false;
	dev->pm_state = VIRTIO_PM_ACTIVE;
	dev->failed = false;
	dev->needs_reset = false;
	virtio_release_vqs(dev);
	dev->driver = drv;
	ret = virtio_start_noirq(dev, virtio_wanted(drv));
	if (!ret)
		ret = virtio_irq_attach(dev);
	if (!ret)
		ret = virtio_driver_call(dev, drv->probe, "probe");
	if (ret) {
		virtio_unbind(dev);
		virtio_mark_failed(dev);
		return ret;
	}
	virtio_go_live(dev);
	return 0;
}

void virtio_device_remove(struct virtio_device *dev)
{
	if (!dev->driver)
		return;
	virtio_config_core_disable(dev);
	if (dev->driver->remove)
		dev->driver->remove(dev);
	virtio_reset_device(dev);
	virtio_unbind(dev);
}

int virtio_reinit_vrings(struct virtio_device *dev)
{
	unsigned int i;

	for (i = 0; i < dev->nvqs; i++)
		if (dev->vqs[i]->num_free != dev->vqs[i]->num)
			return virtqueue_reinit_vring(dev->vqs[i]);
	for (i = 0; i < dev->nvqs; i++)
		virtqueue_reinit_vring(dev->vqs[i]);
	return 0;
}

int virtio_device_reinit(struct virtio_device *dev)
{
	int ret = virtio_reinit_vrings(dev);

	if (ret)
		return ret;
	/* Recovery, unlike restore, starts afresh: FAILED is not carried over. */
	dev->failed = false;
	ret = virtio_reinit_queues(dev);
	if (ret) {
		virtio_mark_failed(dev);
		return ret;
	}
	/* The reset lowered the line: a stormed IRQ may run again. */
	if (dev->irq_storm)
		virtio_irq_attach(dev);
	return 0;
}
