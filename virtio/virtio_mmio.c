// SPDX-License-Identifier: MIT
/*
 * virtio-mmio transport (virtio 1.2, 4.2), legacy and modern. The access
 * budget drives the shape: discovery reads three registers, status and
 * DriverFeatures come from shadows, a queue is programmed with one write
 * per register. At probe QueueReady is not read back before use (a reset
 * we have just seen complete guarantees it is 0, 4.2.2.1); after a power
 * cut the device is not trusted that far: its identity, QueueNumMax and
 * (modern) QueueReady are read again before a queue is programmed.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "board/io.h"
#include "vmio/byteorder.h"
#include "vmio/log.h"
#include "virtio/virtio_mmio.h"
#include "virtio/virtio_mmio_regs.h"
#include "virtio/virtqueue.h"

/* The reset wait counts elapsed time in 32 bits (vm_reset()). */
_Static_assert(VIRTIO_RESET_TIMEOUT_US < 0x80000000u, "VIRTIO_RESET_TIMEOUT_US fits 32-bit elapsed time");

/*
 * Reset completion is polled with exponential backoff: a Status read is a
 * VM exit under a hypervisor, so a device that takes its time must not
 * cost ten thousand of them. The wait overshoots completion by at most
 * the time already waited, and never by more than the cap.
 */
#define VM_RESET_POLL_FIRST_US 1
#define VM_RESET_POLL_MAX_US 1024
/* A legacy QueuePFN is 32 bits of 4 KiB pages. */
#define VM_LEGACY_ADDR_BITS 44

static uint32_t vm_accesses;

uint32_t virtio_mmio_access_count(void)
{
	return vm_accesses;
}

static uint32_t vm_access_count(struct virtio_device *dev)
{
	(void)dev;
	return vm_accesses;
}

/*
 * Every register access goes through these two, counted. noipa keeps
 * them taking dev: rewritten to take dev->base, each of the ~20 call
 * sites would load it itself.
 */
__attribute__((noipa)) static uint32_t vm_read(struct virtio_device *dev,
						 unsigned int off)
{
	vm_accesses++;
	return mmio_read32(dev->base + off);
}

__attribute__((noipa)) static void vm_write(struct virtio_device *dev,
					       unsigned int off, uint32_t v)
{
	vm_accesses++;
	mmio_write32(dev->base + off, v);
}

static bool vm_legacy(const struct virtio_device *dev)
{
	return dev->version == VIRTIO_MMIO_VERSION_LEGACY;
}

static uint8_t vm_get_status(struct virtio_device *dev)
{
	return (uint8_t)vm_read(dev, VIRTIO_MMIO_STATUS);
}

static void vm_set_status(struct virtio_device *dev, uint8_t status)
{
	vm_write(dev, VIRTIO_MMIO_STATUS, status);
}

static int vm_reset(struct virtio_device *dev)
{
	uint32_t step = VM_RESET_POLL_FIRST_US;
	uint32_t start;	/* 32 bits: exact, polled far more often than it wraps */

	vm_write(dev, VIRTIO_MMIO_STATUS, 0);
	dev->status = 0;
	start = (uint32_t)board_time_us();
	while (vm_read(dev, VIRTIO_MMIO_STATUS)) {
		if ((uint32_t)board_time_us() - start >= VIRTIO_RESET_TIMEOUT_US)
			return -ETIMEDOUT;
		board_udelay(step);
		if (step < VM_RESET_POLL_MAX_US)
			step <<= 1;
	}
	return 0;
}

static uint64_t vm_get_features(struct virtio_device *dev)
{
	uint64_t f;

	vm_write(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	f = vm_read(dev, VIRTIO_MMIO_DEVICE_FEATURES);
	if (vm_legacy(dev))
		return f;
	vm_write(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	return f | (uint64_t)vm_read(dev, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
}

static void vm_finalize_features(struct virtio_device *dev)
{
	vm_write(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vm_write(dev, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)dev->features);
	if (vm_legacy(dev))
		return;
	vm_write(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vm_write(dev, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(dev->features >> 32));
}

/*
 * One config field at its own width (virtio 1.2, 4.2.2.2: 8-bit fields
 * with 8-bit accesses, 16-bit with aligned 16-bit, 32-bit and 64-bit with
 * aligned 32-bit). The width is the caller's len, never guessed from the
 * alignment: a byte array at a 4-aligned offset is still bytes. A len
 * other than 1, 2 or 4, or an unaligned one, is accessed byte by byte.
 * Reads and writes share the one walk: vm_write_config() asks for a write
 * by or'ing VM_CONFIG_WRITE into len (a config field is never near 2 GiB),
 * which keeps the write op a tail call.
 */
#define VM_CONFIG_WRITE 0x80000000u

static void vm_config(struct virtio_device *dev, unsigned int off, void *buf,
		      unsigned int len)
{
	uintptr_t a = dev->base + VIRTIO_MMIO_CONFIG + off;
	bool wr = len & VM_CONFIG_WRITE;
	uint8_t *p = buf;
	uint32_t v;

	len &= ~VM_CONFIG_WRITE;
	if (len == 4 && !(a & 3)) {
		if (wr) {
			__builtin_memcpy(&v, p, 4);
			mmio_write32(a, le32_to_cpu(v));
		} else {
			v = cpu_to_le32(mmio_read32(a));
			__builtin_memcpy(p, &v, 4);
		}
		vm_accesses++;
		return;
	}
	if (len == 2 && !(a & 1)) {
		uint16_t h;

		if (wr) {
			__builtin_memcpy(&h, p, 2);
			mmio_write16(a, le16_to_cpu(h));
		} else {
			h = cpu_to_le16(mmio_read16(a));
			__builtin_memcpy(p, &h, 2);
		}
		vm_accesses++;
		return;
	}
	for (; len; len--, a++, p++, vm_accesses++) {
		if (wr)
			mmio_write8(a, *p);
		else
			*p = mmio_read8(a);
	}
}

static void vm_write_config(struct virtio_device *dev, unsigned int off,
			    const void *buf, unsigned int len)
{
	/* The write direction only loads through buf. */
	vm_config(dev, off, (void *)(uintptr_t)buf, len | VM_CONFIG_WRITE);
}

static uint32_t vm_generation(struct virtio_device *dev)
{
	/* Legacy devices have no ConfigGeneration register. */
	return vm_legacy(dev) ? 0 : vm_read(dev, VIRTIO_MMIO_CONFIG_GENERATION);
}

/* Descriptor, driver and device area: QueueDesc, QueueDriver, QueueDevice. */
_Static_assert(VIRTIO_MMIO_QUEUE_DRIVER_LOW == VIRTIO_MMIO_QUEUE_DESC_LOW + 16 &&
	       VIRTIO_MMIO_QUEUE_DEVICE_LOW == VIRTIO_MMIO_QUEUE_DESC_LOW + 32 &&
	       VIRTIO_MMIO_QUEUE_DESC_HIGH == VIRTIO_MMIO_QUEUE_DESC_LOW + 4,
	       "the three areas' registers are 16 bytes apart");

/*
 * Select queue i and program it from vq: QueueNum, addresses, ready, one
 * write per register. At probe the ring is sized from QueueNumMax, and a
 * legacy device must reach it. After a power cut (reinit) the device is
 * not trusted that far: it may offer a smaller queue (our static ring
 * would overrun its QueueNum limit) or none, and a modern one must show
 * QueueReady 0 before it is programmed (4.2.3.2); 1 read per queue on
 * legacy, 2 on modern. Logs one line per refusal.
 */
static int vm_setup_vq(struct virtio_device *dev, unsigned int i,
		       struct virtqueue *vq, bool reinit)
{
	uint32_t max, ready;
	uint64_t a;
	unsigned int k;

	vm_write(dev, VIRTIO_MMIO_QUEUE_SEL, i);
	max = vm_read(dev, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!max) {
		vdev_err(dev, "queue %u absent (QueueNumMax 0)", i);
		return -ENOENT;
	}
	if (!reinit) {
		/* Cannot fail: max is not 0. */
		virtqueue_init(vq, dev, i, max);
	} else {
		if (max < vq->num) {
			vdev_err(dev, "queue %u QueueNumMax %u below the ring's %u",
				 i, (unsigned int)max, (unsigned int)vq->num);
			return -ENOSPC;
		}
		ready = vm_legacy(dev) ? 0 : vm_read(dev, VIRTIO_MMIO_QUEUE_READY);
		if (ready) {
			vdev_err(dev, "queue %u QueueReady already %u", i,
				 (unsigned int)ready);
			return -EIO;
		}
	}
	/* The ring never moves: after a power cut this passes as at probe. */
	a = virtqueue_area_addr(vq, VIRTQ_AREA_DESC);
	if (vm_legacy(dev) && (a % VRING_ALIGN || a >> VM_LEGACY_ADDR_BITS)) {
		vdev_err(dev, "queue %u ring at 0x%llx unusable by a legacy device",
			 i, (unsigned long long)a);
		return -EINVAL;
	}
	vm_write(dev, VIRTIO_MMIO_QUEUE_NUM, vq->num);
	/* The cleared ring must be in memory before the device may look at it. */
	io_wmb();
	if (vm_legacy(dev)) {
		vm_write(dev, VIRTIO_MMIO_QUEUE_ALIGN, VRING_ALIGN);
		vm_write(dev, VIRTIO_MMIO_QUEUE_PFN, (uint32_t)(a / VRING_ALIGN));
		return 0;
	}
	for (k = 0; k < 3; k++) {
		a = virtqueue_area_addr(vq, k);
		vm_write(dev, VIRTIO_MMIO_QUEUE_DESC_LOW + 16 * k, (uint32_t)a);
		vm_write(dev, VIRTIO_MMIO_QUEUE_DESC_HIGH + 16 * k, (uint32_t)(a >> 32));
	}
	vm_write(dev, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

/*
 * Program dev's queues, sized from what the device offers at probe,
 * checked against what the ring was built for after a power cut
 * (reinit).
 */
static int vm_setup_vqs(struct virtio_device *dev, bool reinit)
{
	unsigned int i;
	int ret;

	if (vm_legacy(dev))
		vm_write(dev, VIRTIO_MMIO_GUEST_PAGE_SIZE, VRING_ALIGN);
	for (i = 0; i < dev->nvqs; i++) {
		ret = vm_setup_vq(dev, i, dev->vqs[i], reinit);
		if (ret)
			return ret;
	}
	return 0;
}

static void vm_notify(struct virtqueue *vq)
{
	/* Ring stores reach memory before the device hears about them. */
	io_wmb();
	vm_write(vq->vdev, VIRTIO_MMIO_QUEUE_NOTIFY, vq->index);
}

static uint32_t vm_isr(struct virtio_device *dev, bool ack)
{
	uint32_t s = vm_read(dev, VIRTIO_MMIO_INTERRUPT_STATUS);

	if (s && ack)
		vm_write(dev, VIRTIO_MMIO_INTERRUPT_ACK, s);
	/* The used ring is read only after the device said it was written. */
	io_rmb();
	return s;
}

static uint32_t vm_get_vendor(struct virtio_device *dev)
{
	return vm_read(dev, VIRTIO_MMIO_VENDOR_ID);
}

/*
 * MagicValue must read "virt": at probe, or a window that lost its
 * device (reads 0) after a power cut. One read; logs one line, naming
 * the window, on a mismatch.
 */
static int vm_check_magic(struct virtio_device *dev)
{
	uint32_t v = vm_read(dev, VIRTIO_MMIO_MAGIC_VALUE);

	if (v == VIRTIO_MMIO_MAGIC)
		return 0;
	pr_err("virtio-mmio@0x%lx: bad magic 0x%08x",
	       (unsigned long)dev->base, (unsigned int)v);
	return -ENODEV;
}

/*
 * The window still holds the device we probed: MagicValue (a window
 * that reads 0 lost its device), Version (the transport we program) and
 * DeviceID (a different device would get our requests and answer them
 * with its own data). 3 reads, nothing written.
 */
static int vm_check_identity(struct virtio_device *dev)
{
	uint32_t version, id;

	if (vm_check_magic(dev))
		return -ENODEV;
	version = vm_read(dev, VIRTIO_MMIO_VERSION);
	id = vm_read(dev, VIRTIO_MMIO_DEVICE_ID);
	if (version != dev->version || id != dev->id) {
		vdev_err(dev, "another device came back: version %u DeviceID %u, was %u and %u",
		         (unsigned int)version, (unsigned int)id, (unsigned int)dev->version,
		         (unsigned int)dev->id);
		return -ENODEV;
	}
	return 0;
}

static const struct virtio_config_ops virtio_mmio_ops = {
	.get_status = vm_get_status,
	.set_status = vm_set_status,
	.reset = vm_reset,
	.get_features = vm_get_features,
	.finalize_features = vm_finalize_features,
	.read_config = vm_config,	/* len without VM_CONFIG_WRITE: a read */
	.write_config = vm_write_config,
	.generation = vm_generation,
	.setup_vqs = vm_setup_vqs,
	.notify = vm_notify,
	.isr = vm_isr,
	.get_vendor = vm_get_vendor,
	.noirq_safe = true,
	.check_identity = vm_check_identity,
	.access_count = vm_access_count,
};

int virtio_mmio_init_device(struct virtio_device *dev,
			    const struct board_virtio_slot *slot)
{
	uint32_t v;

	memset(dev, 0, sizeof(*dev));
	dev->config = &virtio_mmio_ops;
	dev->slot = slot;
	dev->base = slot->base;
	dev->irq = slot->irq;
	if (vm_check_magic(dev))
		return -ENODEV;
	v = vm_read(dev, VIRTIO_MMIO_VERSION);
	if (v != VIRTIO_MMIO_VERSION_LEGACY && v != VIRTIO_MMIO_VERSION_MODERN) {
		pr_err("virtio-mmio@0x%lx: unsupported transport version %u",
		       (unsigned long)dev->base, (unsigned int)v);
		return -ENODEV;
	}
	dev->version = (uint8_t)v;
	dev->id = vm_read(dev, VIRTIO_MMIO_DEVICE_ID);
	return dev->id ? 0 : -ENOENT;
}

const struct virtio_transport virtio_mmio_transport = {
	.kind = BOARD_TRANSPORT_MMIO,
	.name = "virtio-mmio",
	.init_device = virtio_mmio_init_device,
};
