/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_H
#define VMIO_VIRTIO_H

/*
 * The virtio device/driver model: devices found by board discovery live
 * in static storage, drivers register explicitly (a linker-section table
 * would silently drop drivers linked from an archive), and the core runs
 * the virtio 1.2 section 3.1 initialisation for each bound pair.
 *
 * Feature policy (the core, not the driver, owns the ring/transport
 * bits): VERSION_1 is required on a modern transport and always
 * accepted; EVENT_IDX is accepted when offered (the split ring supports
 * it); ACCESS_PLATFORM and ORDER_PLATFORM are accepted when offered,
 * because every address we hand a device already goes through
 * board_dma_addr() and every ring barrier is the outer-shareable dma_*
 * barrier, whether or not the bits are negotiated. INDIRECT_DESC,
 * RING_PACKED, IN_ORDER, NOTIFICATION_DATA and RING_RESET are refused.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vmio/log.h"
#include "virtio/virtio_config.h"
#include "virtio/virtio_ids.h"

struct virtio_device;
struct virtqueue;
struct board_virtio_slot;

/*
 * Transport operations. All are plain register accesses, bounded, never
 * allocate, and may run with IRQs masked (noirq_safe).
 */
struct virtio_config_ops {
	uint8_t (*get_status)(struct virtio_device *dev);
	void (*set_status)(struct virtio_device *dev, uint8_t status);
	/* Write 0 to Status and wait (bounded) until it reads 0. */
	int (*reset)(struct virtio_device *dev);
	uint64_t (*get_features)(struct virtio_device *dev);
	/* Write dev->features (the shadow) to DriverFeatures. */
	void (*finalize_features)(struct virtio_device *dev);
	/*
	 * One config field of len bytes at off, raw (little-endian), with
	 * one access of that width: len is the field's width, 1, 2 or 4
	 * (virtio 1.2, 4.2.2.2; a 64-bit field is two 4-byte calls, see
	 * virtio_cread64). Any other len is accessed byte by byte. No
	 * generation check.
	 */
	void (*read_config)(struct virtio_device *dev, unsigned int off,
			    void *buf, unsigned int len);
	void (*write_config)(struct virtio_device *dev, unsigned int off,
			     const void *buf, unsigned int len);
	uint32_t (*generation)(struct virtio_device *dev);
	/*
	 * Program dev->vqs[0..nvqs-1]: fresh ones sized and laid out from
	 * what the device offers, or with reinit (after a reset) as they
	 * are, checked against what the device offers now. No allocation.
	 */
	int (*setup_vqs)(struct virtio_device *dev, bool reinit);
	void (*notify)(struct virtqueue *vq);
	/*
	 * The interrupt reasons (VIRTIO_ISR_*), acknowledged when ack is
	 * set; without, as they read now (the storm check asks whether an
	 * acknowledgement took).
	 */
	uint32_t (*isr)(struct virtio_device *dev, bool ack);
	uint32_t (*get_vendor)(struct virtio_device *dev);
	bool noirq_safe;
	/*
	 * Before a re-initialisation: is the device behind the window still
	 * the one probed (transport version, device ID, and whatever marks
	 * a live window)? Reads only; logs one line and returns -ENODEV if
	 * not. NULL: the transport cannot tell, assumed yes.
	 */
	int (*check_identity)(struct virtio_device *dev);
	/*
	 * Register accesses this transport made since boot (all its devices,
	 * IRQ handlers included), for the PM trace, benches and tests: take
	 * differences. NULL: the transport does not count.
	 */
	uint32_t (*access_count)(struct virtio_device *dev);
};

enum virtio_pm_class {
	VIRTIO_PM_REGULATOR,
	VIRTIO_PM_CLOCK,
	VIRTIO_PM_NORMAL,
};

/* Where a device is in the system sleep cycle (struct virtio_device.pm_state). */
enum virtio_pm_state {
	VIRTIO_PM_ACTIVE,		/* running; the only state outside pm_suspend() */
	VIRTIO_PM_FROZEN,		/* freeze done: queues empty, config changes latched */
	VIRTIO_PM_FROZEN_NOIRQ,		/* freeze_noirq done */
	VIRTIO_PM_RESTORED_NOIRQ,	/* re-initialised and restore_noirq done, IRQs masked */
};

struct virtio_device_id {
	uint32_t device;	/* 0 ends a table */
	uint32_t vendor;	/* VIRTIO_DEV_ANY_ID matches every vendor */
};

struct virtio_driver {
	const char *name;
	const struct virtio_device_id *id_table;
	/* Device-specific feature bits the driver can use. */
	const unsigned int *feature_table;
	unsigned int feature_table_size;
	enum virtio_pm_class pm_class;
	int (*probe)(struct virtio_device *dev);
	void (*remove)(struct virtio_device *dev);
	void (*config_changed)(struct virtio_device *dev);
	int (*freeze)(struct virtio_device *dev);
	int (*restore)(struct virtio_device *dev);
	int (*freeze_noirq)(struct virtio_device *dev);
	int (*restore_noirq)(struct virtio_device *dev);
	struct virtio_driver *next;	/* owned by the core */
};

struct virtio_device {
	const struct virtio_config_ops *config;
	struct virtio_driver *driver;
	const struct board_virtio_slot *slot;	/* discovery record, or NULL */
	uintptr_t base;
	unsigned int irq;
	uint32_t id;			/* DeviceID */
	uint32_t vendor;		/* VendorID, read on first use */
	uint64_t features;		/* negotiated; shadow of DriverFeatures */
	uint8_t status;			/* shadow of the last Status write */
	uint8_t version;		/* transport: 1 legacy, 2 modern */
	uint8_t nvqs;
	uint8_t pm_state;		/* enum virtio_pm_state */
	bool failed;			/* FAILED was set; driver must not use it */
	bool needs_reset;		/* device reported DEVICE_NEEDS_RESET */
	bool irq_registered;
	bool vendor_valid;
	/* Config changes reach the driver only while enabled; else latched. */
	bool config_core_enabled;
	bool config_change_pending;
	/* Interrupt storm detection (virtio_interrupt's handler path). */
	bool irq_storm;			/* the IRQ was disabled by the storm check */
	uint16_t irq_idle_runs;		/* handler runs in a row that changed nothing */
	uint16_t index;			/* probe order, for log lines */
	struct virtqueue *vqs[VIRTIO_MAX_VQS];
	void *priv;			/* driver data */
};

/* --- transports --- */

/*
 * How the bus brings up a device on one kind of transport: the board's
 * discovery says which kind each window is (board_virtio_slot.transport),
 * init_device() probes the window and fills dev (dev->slot included) for
 * that transport's ops (it must not reset or otherwise change the
 * device). It returns 0, -ENOENT (silent) for an empty window, or
 * another negative errno after logging.
 */
struct virtio_transport {
	unsigned int kind;		/* BOARD_TRANSPORT_* */
	const char *name;
	int (*init_device)(struct virtio_device *dev, const struct board_virtio_slot *slot);
};

/* The transports built in, NULL-terminated (virtio/virtio_transports.c). */
extern const struct virtio_transport *const virtio_transports[];

/* dev's transport access counter (ops->access_count); 0 when it has none. */
static inline uint32_t virtio_transport_accesses(struct virtio_device *dev)
{
	return dev->config && dev->config->access_count ? dev->config->access_count(dev) : 0;
}

/* --- driver model (virtio_bus.c) --- */

/*
 * Add drv to the drivers virtio_probe_all() matches against. Call before
 * virtio_probe_all(); a driver registered later binds nothing already
 * probed. Context: thread, IRQs on or off; no MMIO. Errors: -EINVAL for a
 * driver without name, ID table or probe, -EBUSY if already registered.
 */
int virtio_register_driver(struct virtio_driver *drv);

/*
 * Create a device for every virtio-mmio slot of board_get_info(), in
 * discovery order, skipping empty slots (DeviceID 0) and bad windows
 * (logged), and bind each to the first matching registered driver. A
 * device whose bring-up fails is left FAILED; the others carry on.
 * Context: thread, once at boot; waits at most VIRTIO_RESET_TIMEOUT_US
 * per device. Returns the number of devices created; beyond
 * VIRTIO_MAX_DEVICES, the first ones in discovery order (ascending
 * address with the DTB scan) are kept and the rest ignored, in one
 * logged line.
 */
int virtio_probe_all(void);

/* Devices created by virtio_probe_all(), in probe order; NULL past the end. */
struct virtio_device *virtio_get_device(unsigned int index);
unsigned int virtio_device_count(void);

/*
 * Unbind and reset every device and forget all devices and drivers,
 * without freeing anything (there is nothing to free). For host tests
 * and for a firmware that re-runs discovery. Context: thread.
 */
void virtio_bus_clear(void);

/* --- device core (virtio.c) --- */

/*
 * Bind dev to drv and run the spec bring-up: reset, ACKNOWLEDGE, DRIVER,
 * feature negotiation, FEATURES_OK (modern, read back), IRQ handler,
 * drv->probe (which sets up queues), DRIVER_OK unless the driver already
 * did. Context: thread; bounded waits only. On any failure the device is
 * FAILED, one line is logged and the errno returned: -ETIMEDOUT (reset),
 * -ENODEV (features refused, VERSION_1 missing), -EINVAL/-EBUSY (IRQ),
 * or the driver's error.
 */
int virtio_device_probe(struct virtio_device *dev, struct virtio_driver *drv);

/*
 * Driver unbind: drv->remove, reset (bounded), release the IRQ and the
 * queue storage. Context: thread.
 */
void virtio_device_remove(struct virtio_device *dev);

/*
 * Reset the device: write 0 to Status and wait until it reads back 0.
 * Context: any, IRQs may be masked; waits at most VIRTIO_RESET_TIMEOUT_US.
 * Errors: -ETIMEDOUT, logged, and the device is marked FAILED.
 */
int virtio_reset_device(struct virtio_device *dev);

/*
 * OR bits into Status (one MMIO write; the shadow supplies the rest).
 * Context: any, no wait.
 */
void virtio_add_status(struct virtio_device *dev, uint8_t bits);

/* Read Status from the device (one MMIO read). Context: any. */
uint8_t virtio_get_status(struct virtio_device *dev);

/*
 * Log one line about dev: "virtio<index>: ", then with VIRTIO_LOG_DRV in
 * how the bound driver's name (without a "virtio-" prefix) and ": ", then
 * fmt. how is a vmio_log_level,
 * or'ed with VIRTIO_LOG_DRV. The core, the transport and the drivers
 * report through vdev_err() and drv_err(), so the prefix is in the image
 * once, not in every message. Context: any, as vmio_log().
 */
void virtio_dev_log(const struct virtio_device *dev, unsigned int how,
		    const char *fmt, ...) __printf(3, 4);
#define VIRTIO_LOG_DRV 0x10u
#define vdev_err(dev, ...)                                                     \
	vmio_log_call(VMIO_LOG_ERR, virtio_dev_log, dev, VMIO_LOG_ERR, __VA_ARGS__)
#define vdev_warn(dev, ...)                                                    \
	vmio_log_call(VMIO_LOG_WARN, virtio_dev_log, dev, VMIO_LOG_WARN, __VA_ARGS__)
#define drv_err(dev, ...)                                                      \
	vmio_log_call(VMIO_LOG_ERR, virtio_dev_log, dev,                       \
		      VMIO_LOG_ERR | VIRTIO_LOG_DRV, __VA_ARGS__)
#define drv_warn(dev, ...)                                                     \
	vmio_log_call(VMIO_LOG_WARN, virtio_dev_log, dev,                      \
		      VMIO_LOG_WARN | VIRTIO_LOG_DRV, __VA_ARGS__)

/*
 * Set FAILED in Status and dev->failed; the caller has logged why.
 * Context: any, IRQs may be masked; one MMIO write.
 */
void virtio_mark_failed(struct virtio_device *dev);

/* Set DRIVER_OK: the driver may notify queues from now on. Context: any. */
void virtio_device_ready(struct virtio_device *dev);

/* True when feature bit fbit was negotiated. */
static inline bool virtio_has_feature(const struct virtio_device *dev,
				      unsigned int fbit)
{
	return fbit < 64 && (dev->features >> fbit) & 1;
}

/*
 * VendorID, read from the device on first use and cached (discovery does
 * not read it, to keep bring-up short). Context: any.
 */
uint32_t virtio_vendor_id(struct virtio_device *dev);

/*
 * Set up dev's queues 0..nvqs-1 from static storage (VIRTQ_DEFINE): the
 * transport reads QueueNumMax, sizes each queue to the largest power of
 * two both sides accept, lays out and clears the ring and programs it.
 * callbacks[i] (NULL array or entries allowed) runs on used buffers.
 * Storage still bound to another device with a driver is refused.
 * Context: thread, from drv->probe, before DRIVER_OK. Errors (logged):
 * -EINVAL (too many queues, legacy ring above 16 TiB), -EBUSY (storage
 * in use by another device), -ENOENT (QueueNumMax 0: no such queue).
 */
int virtio_find_vqs(struct virtio_device *dev, unsigned int nvqs,
		    struct virtqueue *const vqs[],
		    void (*const callbacks[])(struct virtqueue *vq));

/*
 * Re-initialise a device whose state was lost (power cut, NEEDS_RESET)
 * with what we already know: the rings reset in place, then
 * virtio_device_reinit_noirq() and the transport's setup_vqs. This is
 * recovery: a FAILED device gets a fresh start (the sleep path instead
 * keeps FAILED). DRIVER_OK is left to the caller (virtio_device_ready()).
 * No allocation; the device is checked to be the one probed, with the
 * same features and room for the same rings, at a bounded MMIO cost
 * (modern, one queue: 28 accesses, plus 1 for DRIVER_OK; legacy 17 + 1).
 * Context: any, IRQs may be masked; bounded wait. Errors (logged; the
 * device is FAILED except for -EBUSY): -EBUSY (buffers in flight;
 * nothing touched), -ETIMEDOUT, -ENODEV (another or no device, features
 * refused), -EIO (a negotiated feature no longer offered, QueueReady
 * already set), -ENOSPC / -ENOENT (QueueNumMax below the ring / 0).
 */
int virtio_device_reinit(struct virtio_device *dev);

/* --- noirq helpers and system sleep (virtio_noirq.c) --- */

/*
 * The noirq helpers below are the pieces of a device re-initialisation
 * that may run in the noirq phases of system sleep: plain register
 * accesses on a noirq_safe transport, no allocation, no callbacks into
 * drivers (except config_core_enable_noirq, whose config_changed
 * callback runs with IRQs masked as it does from the interrupt handler),
 * and no wait without a bound. They work the same with IRQs on.
 */

/*
 * OR bits into Status: one MMIO write, the shadow supplies the bits
 * already set. Context: any, IRQs masked OK; no wait.
 */
void virtio_add_status_noirq(struct virtio_device *dev, uint8_t bits);

/*
 * Write dev->features (the negotiated shadow) to DriverFeatures and, on
 * a modern transport, set FEATURES_OK and read Status back to see the
 * device accepted it. Context: any, IRQs masked OK; no wait. Errors:
 * -ENODEV (logged) when the device cleared FEATURES_OK. The caller
 * decides about FAILED.
 */
int virtio_features_ok_noirq(struct virtio_device *dev);

/*
 * Write 0 to Status and poll until it reads 0, at most
 * VIRTIO_RESET_TIMEOUT_US (board_udelay steps, no IRQ needed). Context:
 * any, IRQs masked OK. Errors: -ETIMEDOUT (logged); FAILED is not set,
 * the caller decides.
 */
int virtio_reset_device_noirq(struct virtio_device *dev);

/*
 * Bring a device whose state was lost back to FEATURES_OK with what we
 * already know, after checking it is still the device we knew: its
 * identity (transport check_identity: MagicValue, Version, DeviceID,
 * read before anything is written), then reset, ACKNOWLEDGE, FAILED
 * again if the device had failed before (dev->failed: kept for whoever
 * debugs it), DRIVER, the device features re-read (every negotiated bit
 * must still be offered), the negotiated features, FEATURES_OK read
 * back. Queues are not touched (transport setup_vqs does that). Modern
 * 17 MMIO accesses, legacy 11. Context: any, IRQs masked OK; waits at
 * most VIRTIO_RESET_TIMEOUT_US. Errors (one line logged): -ENODEV
 * (another or no device; features refused), -ETIMEDOUT, -EIO (a
 * negotiated feature is no longer offered). FAILED is not set here:
 * virtio_device_restore_noirq() and virtio_device_reinit() do.
 */
int virtio_device_reinit_noirq(struct virtio_device *dev);

/*
 * Let config-change interrupts reach the driver again and deliver, once,
 * a change that arrived while they were held back (freeze to restore):
 * drv->config_changed runs here, with IRQs masked as from the interrupt
 * handler. The read of the latch and the enable are one masked section
 * (virtio_irq_save), so a change arriving meanwhile is delivered, not
 * lost. Context: any, IRQs on (probe, the RESTORE phase, a rolled-back
 * freeze) or masked (RESTORE_NOIRQ); no MMIO, no wait beyond the
 * driver's config_changed.
 */
void virtio_config_core_enable_noirq(struct virtio_device *dev);

/*
 * Hold config-change interrupts back: they are acknowledged and latched
 * in dev->config_change_pending, not delivered. Context: any; no MMIO.
 */
static inline void virtio_config_core_disable(struct virtio_device *dev)
{
	dev->config_core_enabled = false;
}

/*
 * Set DRIVER_OK (one MMIO write): the queues may be notified from now
 * on. Warns (one line) when DRIVER_OK was already set, which means a
 * restore path ran twice, and sets it anyway. Context: any, IRQs masked
 * OK; no wait.
 */
void virtio_device_ready_noirq(struct virtio_device *dev);

/*
 * The freeze step of system sleep, IRQs on: hold config changes back,
 * then drv->freeze, then check every queue is empty (the driver's
 * contract; see virtio/pm.h). Devices without a driver are left alone.
 * Context: thread, IRQs on; waits only as long as drv->freeze does (it
 * must be bounded). On error the device is not frozen and config changes
 * are enabled again. Errors (one line logged): drv->freeze's error (the
 * driver undid its own quiescing), -EBUSY when buffers are in flight
 * after it: without a freeze callback nothing changed; after a freeze
 * that claimed success it is a driver bug and the device is FAILED.
 */
int virtio_device_freeze(struct virtio_device *dev);

/*
 * The noirq freeze step: drv->freeze_noirq if any, after checking IRQs
 * are masked. Context: IRQs masked (checked); bounded as the driver is.
 * Errors: -EINVAL (logged) with IRQs unmasked, else the driver's error
 * (logged here); the device stays frozen (not noirq-frozen).
 */
int virtio_device_freeze_noirq(struct virtio_device *dev);

/*
 * The noirq restore step, for a noirq-frozen device whose driver has
 * restore_noirq (others return 0 at once and are re-initialised by
 * virtio_device_restore() with IRQs on): empty rings reset in place,
 * virtio_device_reinit_noirq(), transport setup_vqs, drv->restore_noirq
 * (which calls virtio_device_ready_noirq() before using a queue), then
 * config changes enabled if DRIVER_OK is set. No allocation. Context:
 * IRQs masked (checked); waits at most VIRTIO_RESET_TIMEOUT_US plus
 * what the driver's polled requests take. Errors (one line logged, the
 * device is FAILED): -EINVAL (IRQs unmasked), -EBUSY (buffers in
 * flight), -EOPNOTSUPP, -ETIMEDOUT, -ENODEV (another device or none
 * came back, or it refused the features), -EIO (a negotiated feature no
 * longer offered, QueueReady already set), -ENOSPC / -ENOENT
 * (QueueNumMax below the ring / 0), the driver's error.
 */
int virtio_device_restore_noirq(struct virtio_device *dev);

/*
 * The restore step, IRQs on. Unless the noirq phase already brought the
 * device back (pm_state VIRTIO_PM_RESTORED_NOIRQ: the driver has
 * restore_noirq and it ran), the device is re-initialised here exactly
 * as there (rings, reinit_noirq, setup_vqs). Then drv->restore, DRIVER_OK
 * if not yet set, config changes enabled (a pending one is delivered).
 * Also undoes a freeze that was rolled back. Context: thread, IRQs on or
 * masked; bounded as above. Errors (one line logged, the device is
 * FAILED): as virtio_device_restore_noirq(), or the driver's error.
 */
int virtio_device_restore(struct virtio_device *dev);

/*
 * Interrupt body: read and acknowledge the reasons, run the used-buffer
 * callbacks of every queue, handle a config change (DEVICE_NEEDS_RESET is
 * detected, logged and latched in dev->needs_reset; drv->config_changed
 * runs, or is latched while config changes are disabled). May also be
 * called polled with IRQs masked. Returns the VIRTIO_ISR_* bits seen.
 *
 * The IRQ handler virtio_device_probe() installs runs it and then checks
 * for a storm: a run in which no queue consumed a used buffer and the
 * acknowledged bits still read set afterwards (one extra read, only on
 * such runs), or that found InterruptStatus 0, is idle;
 * VIRTIO_IRQ_STORM_RUNS idle runs in a row disable the device's IRQ,
 * break its queues and mark it FAILED (one line). A spurious interrupt
 * that is acknowledged is harmless. virtio_device_reinit() enables the
 * IRQ again.
 */
uint32_t virtio_interrupt(struct virtio_device *dev);

/*
 * Poll Status for DEVICE_NEEDS_RESET (one MMIO read); logs and latches
 * it in dev->needs_reset the first time. Context: any.
 */
bool virtio_check_needs_reset(struct virtio_device *dev);

/* --- config space (virtio_cspace.c) --- */

/*
 * Single-field config reads and writes at byte offset off of the device
 * configuration space, converted from little-endian. One access each: a
 * field of 32 bits or less is read atomically, so no generation check is
 * needed (virtio 1.2, 2.5.1). Context: any.
 */
uint8_t virtio_cread8(struct virtio_device *dev, unsigned int off);
uint16_t virtio_cread16(struct virtio_device *dev, unsigned int off);
uint32_t virtio_cread32(struct virtio_device *dev, unsigned int off);
void virtio_cwrite8(struct virtio_device *dev, unsigned int off, uint8_t v);
void virtio_cwrite16(struct virtio_device *dev, unsigned int off, uint16_t v);
void virtio_cwrite32(struct virtio_device *dev, unsigned int off, uint32_t v);

/*
 * Consistent read, inside the ConfigGeneration loop, of len bytes at off
 * made of consecutive fields of width bytes each (1, 2 or 4; len a
 * multiple of it), each read with one access of its own width (virtio
 * 1.2, 4.2.2.2), copied raw: convert with le*_to_cpu. Context: any; at
 * most VIRTIO_CONFIG_RETRIES attempts. Errors: -EIO (logged) when the
 * generation never settles, -EINVAL (logged) for a bad width.
 */
int virtio_cread_fields(struct virtio_device *dev, unsigned int off,
			void *buf, unsigned int len, unsigned int width);

/*
 * virtio_cread_fields() for a byte array (u8 fields, e.g. a name): byte
 * accesses. virtio_cread64(): a 64-bit field as two 32-bit accesses,
 * converted to CPU order. Same context and errors.
 */
int virtio_cread_bytes(struct virtio_device *dev, unsigned int off,
		       void *buf, unsigned int len);
int virtio_cread64(struct virtio_device *dev, unsigned int off, uint64_t *val);

#endif
