/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_PRIV_H
#define VMIO_VIRTIO_PRIV_H

/* Shared between the files of virtio/ only. */
#include "virtio/virtio.h"

/*
 * Reset every ring of dev in place (virtqueue_reinit_vring), or none: a
 * ring with buffers in flight is refused with -EBUSY (logged) before any
 * ring is touched. Context: any, IRQs masked OK; no MMIO.
 */
int virtio_reinit_vrings(struct virtio_device *dev);

/*
 * Reset dev and take it to FEATURES_OK (virtio_device_probe: want is
 * what may be negotiated; virtio_device_reinit_noirq: want 0, the
 * negotiated features must all still be offered). Context: any, IRQs
 * masked OK; waits at most VIRTIO_RESET_TIMEOUT_US. Errors: those of the
 * reset, -ENODEV (no VERSION_1, features refused), -EIO (a feature lost),
 * each logged; dev is not marked FAILED (the caller does).
 */
int virtio_start_noirq(struct virtio_device *dev, uint64_t want);

/*
 * Re-initialise dev and re-program its queues as they are, everything
 * but the rings (virtio_reinit_vrings) and DRIVER_OK; answers a latched
 * DEVICE_NEEDS_RESET. Context: any, IRQs masked OK on a noirq_safe
 * transport; waits at most VIRTIO_RESET_TIMEOUT_US. Errors: those of
 * virtio_device_reinit_noirq() and the transport's setup_vqs, logged;
 * dev is not marked FAILED (the caller does).
 */
int virtio_reinit_queues(struct virtio_device *dev);

/*
 * The end of a bring-up (probe, restore): DRIVER_OK unless the driver
 * set it, then config changes reach the driver, one held back during the
 * bring-up included. Context: thread, IRQs on or masked; no wait.
 */
void virtio_go_live(struct virtio_device *dev);

/*
 * Run the bound driver's callback fn (named what in the log) on dev: 0
 * when it has none, else its result, a failure logged through drv_err() as
 * "<what> failed (<errno>)". Context: that of the callback.
 */
int virtio_driver_call(struct virtio_device *dev,
		       int (*fn)(struct virtio_device *dev), const char *what);

/*
 * A point inside a short section where, on hardware, an interrupt could
 * be taken between two plain memory accesses. Host builds call
 * host_irq_window() there when the program defines it (the host test
 * support does: a test lands an interrupt exactly there to show a race);
 * nothing in firmware.
 */
#ifdef VMIO_HOST
extern void host_irq_window(void) __attribute__((weak));
#define VIRTIO_IRQ_WINDOW()						\
	do {								\
		if (host_irq_window)					\
			host_irq_window();				\
	} while (0)
#else
#define VIRTIO_IRQ_WINDOW() do { } while (0)
#endif

#endif
